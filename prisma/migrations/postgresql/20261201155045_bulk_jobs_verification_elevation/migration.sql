-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "callerVerification" TEXT NOT NULL DEFAULT 'off',
ADD COLUMN     "offboardingDefaults" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "CallerVerification" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "oktaUserId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "factorId" TEXT,
    "transactionId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "validUntil" TIMESTAMP(3),
    "ticketId" TEXT,
    "reason" TEXT,
    "approvedById" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "CallerVerification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ElevationRequest" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "ticketId" TEXT,
    "durationMinutes" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ElevationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "params" TEXT NOT NULL DEFAULT '{}',
    "createdById" TEXT NOT NULL,
    "createdByEmail" TEXT,
    "ticketId" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "scheduledFor" TIMESTAMP(3),
    "cancelRequestedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobItem" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "input" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "result" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "oktaRequestIds" TEXT NOT NULL DEFAULT '[]',
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JobItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallerVerification_tenantId_staffId_oktaUserId_status_idx" ON "CallerVerification"("tenantId", "staffId", "oktaUserId", "status");

-- CreateIndex
CREATE INDEX "CallerVerification_tenantId_method_status_idx" ON "CallerVerification"("tenantId", "method", "status");

-- CreateIndex
CREATE INDEX "ElevationRequest_status_createdAt_idx" ON "ElevationRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ElevationRequest_requesterId_status_idx" ON "ElevationRequest"("requesterId", "status");

-- CreateIndex
CREATE INDEX "ElevationRequest_tenantId_status_idx" ON "ElevationRequest"("tenantId", "status");

-- CreateIndex
CREATE INDEX "Job_tenantId_createdAt_idx" ON "Job"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Job_status_scheduledFor_idx" ON "Job"("status", "scheduledFor");

-- CreateIndex
CREATE INDEX "JobItem_jobId_status_idx" ON "JobItem"("jobId", "status");

-- CreateIndex
CREATE INDEX "JobItem_status_leaseUntil_idx" ON "JobItem"("status", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "JobItem_jobId_seq_key" ON "JobItem"("jobId", "seq");

-- AddForeignKey
ALTER TABLE "CallerVerification" ADD CONSTRAINT "CallerVerification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ElevationRequest" ADD CONSTRAINT "ElevationRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobItem" ADD CONSTRAINT "JobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

