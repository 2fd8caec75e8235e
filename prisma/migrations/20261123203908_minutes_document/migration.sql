-- CreateTable
CREATE TABLE "MinutesDocument" (
    "sessionId" UUID NOT NULL,
    "snapshot" BYTEA NOT NULL,
    "compactedThrough" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MinutesDocument_pkey" PRIMARY KEY ("sessionId")
);

-- CreateTable
CREATE TABLE "MinutesUpdate" (
    "id" BIGSERIAL NOT NULL,
    "sessionId" UUID NOT NULL,
    "update" BYTEA NOT NULL,
    "accountId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MinutesUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MinutesUpdate_sessionId_id_idx" ON "MinutesUpdate"("sessionId", "id");

-- AddForeignKey
ALTER TABLE "MinutesDocument" ADD CONSTRAINT "MinutesDocument_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesUpdate" ADD CONSTRAINT "MinutesUpdate_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

