-- CreateTable
CREATE TABLE "CallerVerification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "oktaUserId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "factorId" TEXT,
    "transactionId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "verifiedAt" DATETIME,
    "validUntil" DATETIME,
    "ticketId" TEXT,
    "reason" TEXT,
    "approvedById" TEXT,
    "decidedAt" DATETIME,
    CONSTRAINT "CallerVerification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ElevationRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "ticketId" TEXT,
    "durationMinutes" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "decisionNote" TEXT,
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "ElevationRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "params" TEXT NOT NULL DEFAULT '{}',
    "createdById" TEXT NOT NULL,
    "createdByEmail" TEXT,
    "ticketId" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "scheduledFor" DATETIME,
    "cancelRequestedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Job_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "input" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "result" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "oktaRequestIds" TEXT NOT NULL DEFAULT '[]',
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "JobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "orgUrl" TEXT NOT NULL,
    "credentialType" TEXT NOT NULL DEFAULT 'ssws',
    "credentialCiphertext" TEXT NOT NULL DEFAULT '',
    "credentialKeyId" TEXT NOT NULL DEFAULT '',
    "oauthClientId" TEXT,
    "oauthScopes" TEXT,
    "mastery" TEXT NOT NULL DEFAULT 'okta',
    "ticketRequired" BOOLEAN NOT NULL DEFAULT false,
    "callerVerification" TEXT NOT NULL DEFAULT 'off',
    "offboardingDefaults" TEXT NOT NULL DEFAULT '[]',
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Tenant" ("archivedAt", "createdAt", "credentialCiphertext", "credentialKeyId", "credentialType", "id", "mastery", "name", "oauthClientId", "oauthScopes", "orgUrl", "slug", "ticketRequired", "updatedAt") SELECT "archivedAt", "createdAt", "credentialCiphertext", "credentialKeyId", "credentialType", "id", "mastery", "name", "oauthClientId", "oauthScopes", "orgUrl", "slug", "ticketRequired", "updatedAt" FROM "Tenant";
DROP TABLE "Tenant";
ALTER TABLE "new_Tenant" RENAME TO "Tenant";
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

