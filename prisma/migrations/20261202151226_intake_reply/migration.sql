-- AlterTable
ALTER TABLE "Intake" ADD COLUMN     "replyNote" TEXT,
ADD COLUMN     "replyReceivedOn" DATE;

