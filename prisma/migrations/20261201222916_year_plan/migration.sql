-- CreateTable
CREATE TABLE "PlannedSession" (
    "id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "SessionKind" NOT NULL DEFAULT 'DIALOGUE',
    "topic" TEXT NOT NULL,
    "withGroup" TEXT NOT NULL,
    "district" TEXT,
    "targetMonth" INTEGER NOT NULL,
    "chairId" UUID,
    "sessionId" UUID,
    "droppedAt" TIMESTAMP(3),
    "dropReason" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlannedSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlannedSession_sessionId_key" ON "PlannedSession"("sessionId");

-- CreateIndex
CREATE INDEX "PlannedSession_year_idx" ON "PlannedSession"("year");

-- AddForeignKey
ALTER TABLE "PlannedSession" ADD CONSTRAINT "PlannedSession_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedSession" ADD CONSTRAINT "PlannedSession_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedSession" ADD CONSTRAINT "PlannedSession_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ReceptionSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

