-- CreateTable
CREATE TABLE "HubSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HubSetting_pkey" PRIMARY KEY ("key")
);

