-- CreateEnum
CREATE TYPE "CaseSatisfaction" AS ENUM ('SATISFIED', 'PARTLY', 'NOT_SATISFIED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'CASE_REOPEN_ASKED';
ALTER TYPE "NotificationKind" ADD VALUE 'CASE_DIGEST';

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "email" TEXT;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "reopenAskedAt" TIMESTAMP(3),
ADD COLUMN     "reopenReason" TEXT,
ADD COLUMN     "satisfaction" "CaseSatisfaction",
ADD COLUMN     "satisfactionComment" TEXT,
ADD COLUMN     "satisfiedAt" TIMESTAMP(3),
ADD COLUMN     "withGroup" TEXT;

-- CreateTable
CREATE TABLE "CaseDigest" (
    "day" DATE NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "cases" INTEGER NOT NULL,

    CONSTRAINT "CaseDigest_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "OutboundEmail" (
    "id" BIGSERIAL NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "nextTryAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboundEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboundEmail_sentAt_nextTryAt_idx" ON "OutboundEmail"("sentAt", "nextTryAt");

