-- CreateEnum
CREATE TYPE "IntakeType" AS ENUM ('COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'FEEDBACK', 'MIXED');

-- CreateEnum
CREATE TYPE "IntakeHandling" AS ENUM ('ACCEPTED', 'GUIDED', 'FORWARDED');

-- CreateTable
CREATE TABLE "Citizen" (
    "id" UUID NOT NULL,
    "fullName" TEXT NOT NULL,
    "idNumber" TEXT,
    "birthYear" INTEGER,
    "province" TEXT,
    "ward" TEXT,
    "street" TEXT,
    "phone" TEXT,
    "lookupKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Citizen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Intake" (
    "id" UUID NOT NULL,
    "citizenId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "sessionId" UUID,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "receivedById" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "petitionType" "IntakeType" NOT NULL,
    "field" TEXT NOT NULL,
    "competent" BOOLEAN NOT NULL,
    "handledBefore" TEXT,
    "delegationSize" INTEGER NOT NULL DEFAULT 1,
    "representatives" TEXT[],
    "confidential" BOOLEAN NOT NULL DEFAULT false,
    "handling" "IntakeHandling",
    "handledBy" TEXT,
    "handledAt" TIMESTAMP(3),
    "trackingCode" TEXT NOT NULL,
    "returningOfId" UUID,

    CONSTRAINT "Intake_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Citizen_idNumber_key" ON "Citizen"("idNumber");

-- CreateIndex
CREATE INDEX "Citizen_lookupKey_idx" ON "Citizen"("lookupKey");

-- CreateIndex
CREATE UNIQUE INDEX "Intake_trackingCode_key" ON "Intake"("trackingCode");

-- CreateIndex
CREATE INDEX "Intake_citizenId_receivedAt_idx" ON "Intake"("citizenId", "receivedAt");

-- CreateIndex
CREATE INDEX "Intake_siteId_receivedAt_idx" ON "Intake"("siteId", "receivedAt");

-- CreateIndex
CREATE INDEX "Intake_receivedAt_idx" ON "Intake"("receivedAt");

-- AddForeignKey
ALTER TABLE "Intake" ADD CONSTRAINT "Intake_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intake" ADD CONSTRAINT "Intake_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intake" ADD CONSTRAINT "Intake_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intake" ADD CONSTRAINT "Intake_receivedById_fkey" FOREIGN KEY ("receivedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intake" ADD CONSTRAINT "Intake_field_fkey" FOREIGN KEY ("field") REFERENCES "PetitionField"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intake" ADD CONSTRAINT "Intake_returningOfId_fkey" FOREIGN KEY ("returningOfId") REFERENCES "Intake"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

