-- CreateEnum
CREATE TYPE "EntryStatus" AS ENUM ('WAITING', 'CALLED', 'SPEAKING', 'PAUSED', 'DONE', 'SKIPPED', 'WITHDRAWN', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "PetitionType" AS ENUM ('COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'FEEDBACK');

-- CreateEnum
CREATE TYPE "PetitionField" AS ENUM ('LAND', 'COMPENSATION', 'LAND_CERTIFICATE', 'ENVIRONMENT', 'SOCIAL_POLICY', 'CONSTRUCTION', 'OTHER');

-- CreateEnum
CREATE TYPE "PriorityReason" AS ENUM ('ELDERLY', 'DISABILITY', 'MERIT', 'DELEGATION');

-- AlterTable
ALTER TABLE "ReceptionSession" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "floor" JSONB,
ADD COLUMN     "liveVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "openedAt" TIMESTAMP(3),
ADD COLUMN     "readiness" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "roundRobin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "startedAt" TIMESTAMP(3),
ADD COLUMN     "turnSeconds" INTEGER NOT NULL DEFAULT 300;

-- CreateTable
CREATE TABLE "Registration" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "citizenName" TEXT NOT NULL,
    "petitionType" "PetitionType" NOT NULL,
    "field" "PetitionField" NOT NULL,
    "subject" TEXT,
    "delegationSize" INTEGER NOT NULL DEFAULT 1,
    "representative" TEXT,
    "priority" "PriorityReason",
    "confidential" BOOLEAN NOT NULL DEFAULT false,
    "status" "EntryStatus" NOT NULL,
    "position" INTEGER NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "registeredById" UUID,
    "askedFloorAt" TIMESTAMP(3),
    "calledAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "pauseReason" TEXT,
    "pausedMs" INTEGER NOT NULL DEFAULT 0,
    "allottedSeconds" INTEGER NOT NULL,
    "extraSeconds" INTEGER NOT NULL DEFAULT 0,
    "answers" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveChange" (
    "sessionId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "command" TEXT NOT NULL,
    "actorId" TEXT,
    "patch" JSONB NOT NULL,

    CONSTRAINT "LiveChange_pkey" PRIMARY KEY ("sessionId","version")
);

-- CreateIndex
CREATE INDEX "Registration_sessionId_status_idx" ON "Registration"("sessionId", "status");

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveChange" ADD CONSTRAINT "LiveChange_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

