-- CreateEnum
CREATE TYPE "MinutesStatus" AS ENUM ('DRAFT', 'APPROVED', 'AMENDING');

-- CreateEnum
CREATE TYPE "ConclusionType" AS ENUM ('ANSWERED', 'ASSIGNED', 'GUIDED', 'STUDY');

-- AlterTable
ALTER TABLE "MinutesDocument" ADD COLUMN     "amendById" UUID,
ADD COLUMN     "amendOpenedAt" TIMESTAMP(3),
ADD COLUMN     "amendReason" TEXT,
ADD COLUMN     "metaVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "minutesNumber" INTEGER,
ADD COLUMN     "noticeNumber" INTEGER,
ADD COLUMN     "numberYear" INTEGER,
ADD COLUMN     "status" "MinutesStatus" NOT NULL DEFAULT 'DRAFT';

-- CreateTable
CREATE TABLE "MinutesEntry" (
    "registrationId" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "petitionType" "PetitionType",
    "field" "PetitionField",
    "conclusionType" "ConclusionType",
    "agencyId" UUID,
    "deadline" DATE,
    "updatedById" UUID NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MinutesEntry_pkey" PRIMARY KEY ("registrationId")
);

-- CreateTable
CREATE TABLE "MinutesVersion" (
    "sessionId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "approvedAt" TIMESTAMP(3) NOT NULL,
    "approvedById" UUID NOT NULL,
    "reason" TEXT,
    "amendedById" UUID,
    "editors" JSONB NOT NULL,
    "changes" JSONB NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "MinutesVersion_pkey" PRIMARY KEY ("sessionId","number")
);

-- CreateTable
CREATE TABLE "DocumentCounter" (
    "year" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "DocumentCounter_pkey" PRIMARY KEY ("year","symbol")
);

-- CreateIndex
CREATE INDEX "MinutesEntry_sessionId_idx" ON "MinutesEntry"("sessionId");

-- AddForeignKey
ALTER TABLE "MinutesEntry" ADD CONSTRAINT "MinutesEntry_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesVersion" ADD CONSTRAINT "MinutesVersion_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

