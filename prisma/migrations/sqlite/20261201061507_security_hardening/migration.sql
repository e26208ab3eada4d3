-- AlterTable
ALTER TABLE "StaffSession" ADD COLUMN "identityCheckedAt" DATETIME;
ALTER TABLE "StaffSession" ADD COLUMN "refreshTokenCiphertext" TEXT;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "attemptSeq" INTEGER;
ALTER TABLE "AuditEvent" ADD COLUMN "keyId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StaffUser" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subject" TEXT,
    "email" TEXT,
    "unverifiedEmail" TEXT,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "oidcGroups" TEXT NOT NULL DEFAULT '[]',
    "lastSignInAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_StaffUser" ("createdAt", "email", "id", "lastSignInAt", "name", "oidcGroups", "status", "subject", "updatedAt") SELECT "createdAt", "email", "id", "lastSignInAt", "name", "oidcGroups", "status", "subject", "updatedAt" FROM "StaffUser";
DROP TABLE "StaffUser";
ALTER TABLE "new_StaffUser" RENAME TO "StaffUser";
CREATE UNIQUE INDEX "StaffUser_subject_key" ON "StaffUser"("subject");
CREATE UNIQUE INDEX "StaffUser_email_key" ON "StaffUser"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditEvent_attemptSeq_idx" ON "AuditEvent"("attemptSeq");

