-- CreateTable
CREATE TABLE "ReportFiling" (
    "id" UUID NOT NULL,
    "fromDay" DATE NOT NULL,
    "toDay" DATE NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "filedById" UUID NOT NULL,

    CONSTRAINT "ReportFiling_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReportFiling_fromDay_toDay_scopeKey_key" ON "ReportFiling"("fromDay", "toDay", "scopeKey");

-- AddForeignKey
ALTER TABLE "ReportFiling" ADD CONSTRAINT "ReportFiling_filedById_fkey" FOREIGN KEY ("filedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

