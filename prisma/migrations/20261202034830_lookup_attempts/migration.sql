-- CreateTable
CREATE TABLE "LookupAttempt" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "found" BOOLEAN NOT NULL,

    CONSTRAINT "LookupAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LookupAttempt_ip_at_idx" ON "LookupAttempt"("ip", "at");

-- CreateIndex
CREATE INDEX "LookupAttempt_code_at_idx" ON "LookupAttempt"("code", "at");

-- CreateIndex
CREATE INDEX "LookupAttempt_at_idx" ON "LookupAttempt"("at");

