-- CreateEnum
CREATE TYPE "MediaSanction" AS ENUM ('REVOKED', 'REMOVED');

-- CreateTable
CREATE TABLE "MediaOffense" (
    "id" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "identity" TEXT NOT NULL,
    "trackSid" TEXT NOT NULL,
    "trackType" TEXT NOT NULL,
    "trackSource" TEXT NOT NULL,
    "sanction" "MediaSanction" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaOffense_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MediaOffense_sessionId_accountId_at_idx" ON "MediaOffense"("sessionId", "accountId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "MediaOffense_sessionId_trackSid_key" ON "MediaOffense"("sessionId", "trackSid");

-- AddForeignKey
ALTER TABLE "MediaOffense" ADD CONSTRAINT "MediaOffense_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaOffense" ADD CONSTRAINT "MediaOffense_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

