-- The minutes' text in two parts (open, closed): the snapshot moves from MinutesDocument to MinutesText.
-- Existing text is carried over as the open part before the old columns go, so no word is lost.

-- CreateEnum
CREATE TYPE "MinutesPart" AS ENUM ('OPEN', 'CLOSED');

-- CreateTable
CREATE TABLE "MinutesText" (
    "sessionId" UUID NOT NULL,
    "part" "MinutesPart" NOT NULL,
    "snapshot" BYTEA NOT NULL,
    "compactedThrough" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "MinutesText_pkey" PRIMARY KEY ("sessionId","part")
);

-- AddForeignKey
ALTER TABLE "MinutesText" ADD CONSTRAINT "MinutesText_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Carry the existing text over
INSERT INTO "MinutesText" ("sessionId", "part", "snapshot", "compactedThrough")
SELECT "sessionId", 'OPEN', "snapshot", "compactedThrough" FROM "MinutesDocument";

-- AlterTable
ALTER TABLE "MinutesDocument" DROP COLUMN "compactedThrough",
DROP COLUMN "snapshot";

-- AlterTable
ALTER TABLE "MinutesUpdate" ADD COLUMN     "part" "MinutesPart" NOT NULL DEFAULT 'OPEN';

-- DropIndex
DROP INDEX "MinutesUpdate_sessionId_id_idx";

-- CreateIndex
CREATE INDEX "MinutesUpdate_sessionId_part_id_idx" ON "MinutesUpdate"("sessionId", "part", "id");
