-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('ASSIGNED', 'IN_PROGRESS', 'WAITING_CITIZEN', 'RESOLVED', 'INFORMED');

-- CreateEnum
CREATE TYPE "CaseOrigin" AS ENUM ('NOTICE', 'INTAKE');

-- CreateEnum
CREATE TYPE "CaseResult" AS ENUM ('FULL', 'PARTIAL');

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "origin" "CaseOrigin" NOT NULL,
    "sessionId" UUID,
    "registrationId" UUID,
    "intakeId" UUID,
    "siteId" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "kind" "IntakeType" NOT NULL,
    "field" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "citizenName" TEXT NOT NULL,
    "confidential" BOOLEAN NOT NULL DEFAULT false,
    "trackingCode" TEXT NOT NULL,
    "idSuffix" CHAR(4),
    "status" "CaseStatus" NOT NULL DEFAULT 'ASSIGNED',
    "noticeDeadline" DATE,
    "noticeVersion" INTEGER,
    "legalLimitDays" INTEGER NOT NULL,
    "legalDeadline" DATE,
    "acceptedDay" DATE,
    "pausedSince" DATE,
    "pausedDays" INTEGER NOT NULL DEFAULT 0,
    "extensionDays" INTEGER NOT NULL DEFAULT 0,
    "extensionAsked" INTEGER,
    "result" "CaseResult",
    "resolvedDay" DATE,
    "informedDay" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" BIGSERIAL NOT NULL,
    "caseId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" UUID,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Case_number_key" ON "Case"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Case_registrationId_key" ON "Case"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "Case_intakeId_key" ON "Case"("intakeId");

-- CreateIndex
CREATE UNIQUE INDEX "Case_trackingCode_key" ON "Case"("trackingCode");

-- CreateIndex
CREATE INDEX "Case_agencyId_status_idx" ON "Case"("agencyId", "status");

-- CreateIndex
CREATE INDEX "Case_status_noticeDeadline_idx" ON "Case"("status", "noticeDeadline");

-- CreateIndex
CREATE INDEX "Case_status_legalDeadline_idx" ON "Case"("status", "legalDeadline");

-- CreateIndex
CREATE INDEX "Case_siteId_idx" ON "Case"("siteId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_id_idx" ON "CaseEvent"("caseId", "id");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_field_fkey" FOREIGN KEY ("field") REFERENCES "PetitionField"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

