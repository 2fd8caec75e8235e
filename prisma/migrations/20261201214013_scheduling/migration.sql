-- AlterTable
ALTER TABLE "ReceptionSession" ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "createdById" UUID,
ADD COLUMN     "detached" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ruleDate" DATE,
ADD COLUMN     "seriesId" UUID,
ADD COLUMN     "shiftHoliday" TEXT,
ADD COLUMN     "shiftedFrom" DATE,
ADD COLUMN     "standsInForId" UUID,
ADD COLUMN     "topic" TEXT;

-- CreateTable
CREATE TABLE "Holiday" (
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,
    "lunar" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Holiday_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "SessionSeries" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "recurrence" JSONB NOT NULL,
    "rule" TEXT NOT NULL,
    "startDate" DATE NOT NULL,
    "untilDate" DATE,
    "startTime" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "chairId" UUID NOT NULL,
    "hostSiteId" UUID NOT NULL,
    "turnSeconds" INTEGER NOT NULL DEFAULT 300,
    "topic" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "SessionSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeriesSite" (
    "seriesId" UUID NOT NULL,
    "siteId" UUID NOT NULL,

    CONSTRAINT "SeriesSite_pkey" PRIMARY KEY ("seriesId","siteId")
);

-- CreateTable
CREATE TABLE "SeriesAgency" (
    "seriesId" UUID NOT NULL,
    "agencyId" UUID NOT NULL,

    CONSTRAINT "SeriesAgency_pkey" PRIMARY KEY ("seriesId","agencyId")
);

-- CreateTable
CREATE TABLE "SeriesException" (
    "seriesId" UUID NOT NULL,
    "ruleDate" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeriesException_pkey" PRIMARY KEY ("seriesId","ruleDate")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReceptionSession_seriesId_ruleDate_key" ON "ReceptionSession"("seriesId", "ruleDate");

-- AddForeignKey
ALTER TABLE "ReceptionSession" ADD CONSTRAINT "ReceptionSession_standsInForId_fkey" FOREIGN KEY ("standsInForId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceptionSession" ADD CONSTRAINT "ReceptionSession_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceptionSession" ADD CONSTRAINT "ReceptionSession_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "SessionSeries"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionSeries" ADD CONSTRAINT "SessionSeries_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionSeries" ADD CONSTRAINT "SessionSeries_hostSiteId_fkey" FOREIGN KEY ("hostSiteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionSeries" ADD CONSTRAINT "SessionSeries_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesSite" ADD CONSTRAINT "SeriesSite_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "SessionSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesSite" ADD CONSTRAINT "SeriesSite_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesAgency" ADD CONSTRAINT "SeriesAgency_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "SessionSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesAgency" ADD CONSTRAINT "SeriesAgency_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeriesException" ADD CONSTRAINT "SeriesException_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "SessionSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

