-- CreateTable
CREATE TABLE "FloorMark" (
    "roomName" TEXT NOT NULL,
    "restricted" INTEGER NOT NULL,
    "restrictedAt" TIMESTAMP(3),
    "announced" INTEGER NOT NULL,

    CONSTRAINT "FloorMark_pkey" PRIMARY KEY ("roomName")
);

