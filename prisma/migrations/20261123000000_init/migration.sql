-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SiteKind" AS ENUM ('HOST_OFFICE', 'BRIDGE_POINT');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'CHAIR', 'MODERATOR', 'SECRETARY', 'BRIDGE_OPERATOR', 'AGENCY_REP', 'OBSERVER');

-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('PERIODIC', 'REGULAR', 'THEMATIC', 'AD_HOC', 'DIALOGUE');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('SCHEDULED', 'OPEN', 'LIVE', 'PAUSED', 'CLOSED');

-- CreateTable
CREATE TABLE "Site" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SiteKind" NOT NULL,
    "district" TEXT,
    "ward" TEXT,
    "address" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "field" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "siteId" UUID NOT NULL,
    "agencyId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "csrfToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReceptionSession" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "status" "SessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "scheduledStart" TIMESTAMP(3) NOT NULL,
    "scheduledEnd" TIMESTAMP(3),
    "chairId" UUID NOT NULL,
    "hostSiteId" UUID NOT NULL,
    "roomName" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReceptionSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionSite" (
    "sessionId" UUID NOT NULL,
    "siteId" UUID NOT NULL,

    CONSTRAINT "SessionSite_pkey" PRIMARY KEY ("sessionId","siteId")
);

-- CreateTable
CREATE TABLE "SessionAgency" (
    "sessionId" UUID NOT NULL,
    "agencyId" UUID NOT NULL,

    CONSTRAINT "SessionAgency_pkey" PRIMARY KEY ("sessionId","agencyId")
);

-- CreateTable
CREATE TABLE "RoomPresence" (
    "sessionId" UUID NOT NULL,
    "identity" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "siteId" UUID NOT NULL,
    "connected" BOOLEAN NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "leftAt" TIMESTAMP(3),
    "lastEventAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoomPresence_pkey" PRIMARY KEY ("sessionId","identity")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Site_code_key" ON "Site"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Account_username_key" ON "Account"("username");

-- CreateIndex
CREATE INDEX "AuthSession_accountId_idx" ON "AuthSession"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "ReceptionSession_roomName_key" ON "ReceptionSession"("roomName");

-- CreateIndex
CREATE INDEX "ReceptionSession_scheduledStart_idx" ON "ReceptionSession"("scheduledStart");

-- CreateIndex
CREATE INDEX "RoomPresence_sessionId_siteId_idx" ON "RoomPresence"("sessionId", "siteId");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceptionSession" ADD CONSTRAINT "ReceptionSession_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceptionSession" ADD CONSTRAINT "ReceptionSession_hostSiteId_fkey" FOREIGN KEY ("hostSiteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionSite" ADD CONSTRAINT "SessionSite_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionSite" ADD CONSTRAINT "SessionSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionAgency" ADD CONSTRAINT "SessionAgency_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionAgency" ADD CONSTRAINT "SessionAgency_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomPresence" ADD CONSTRAINT "RoomPresence_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomPresence" ADD CONSTRAINT "RoomPresence_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomPresence" ADD CONSTRAINT "RoomPresence_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

