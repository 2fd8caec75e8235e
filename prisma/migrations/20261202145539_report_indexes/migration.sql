-- CreateIndex
CREATE INDEX "ReceptionSession_startedAt_idx" ON "ReceptionSession"("startedAt");

-- CreateIndex
CREATE INDEX "Case_sessionId_idx" ON "Case"("sessionId");

