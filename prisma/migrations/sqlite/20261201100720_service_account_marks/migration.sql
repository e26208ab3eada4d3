-- CreateTable
CREATE TABLE "ServiceAccountMark" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "oktaUserId" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "markedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ServiceAccountMark_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceAccountMark_tenantId_oktaUserId_key" ON "ServiceAccountMark"("tenantId", "oktaUserId");

