-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'CASE_DUE_SOON';
ALTER TYPE "NotificationKind" ADD VALUE 'CASE_DUE';
ALTER TYPE "NotificationKind" ADD VALUE 'CASE_OVERDUE';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "caseId" UUID;

-- CreateTable
CREATE TABLE "CaseReminder" (
    "caseId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "deadline" DATE NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "sent" BOOLEAN NOT NULL,

    CONSTRAINT "CaseReminder_pkey" PRIMARY KEY ("caseId","kind","deadline")
);

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseReminder" ADD CONSTRAINT "CaseReminder_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

