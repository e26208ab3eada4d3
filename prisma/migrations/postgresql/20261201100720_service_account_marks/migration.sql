-- CreateTable
CREATE TABLE "ServiceAccountMark" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "oktaUserId" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "markedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceAccountMark_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceAccountMark_tenantId_oktaUserId_key" ON "ServiceAccountMark"("tenantId", "oktaUserId");

-- AddForeignKey
ALTER TABLE "ServiceAccountMark" ADD CONSTRAINT "ServiceAccountMark_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

