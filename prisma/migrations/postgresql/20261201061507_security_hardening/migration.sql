-- AlterTable
ALTER TABLE "StaffUser" ADD COLUMN     "unverifiedEmail" TEXT,
ALTER COLUMN "email" DROP NOT NULL;

-- AlterTable
ALTER TABLE "StaffSession" ADD COLUMN     "identityCheckedAt" TIMESTAMP(3),
ADD COLUMN     "refreshTokenCiphertext" TEXT;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "attemptSeq" INTEGER,
ADD COLUMN     "keyId" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_attemptSeq_idx" ON "AuditEvent"("attemptSeq");

