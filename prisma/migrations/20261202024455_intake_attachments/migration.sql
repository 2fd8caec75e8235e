-- CreateTable
CREATE TABLE "IntakeAttachment" (
    "id" UUID NOT NULL,
    "intakeId" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size" INTEGER NOT NULL,
    "contentType" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntakeAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IntakeAttachment_intakeId_idx" ON "IntakeAttachment"("intakeId");

-- CreateIndex
CREATE INDEX "IntakeAttachment_sha256_idx" ON "IntakeAttachment"("sha256");

-- AddForeignKey
ALTER TABLE "IntakeAttachment" ADD CONSTRAINT "IntakeAttachment_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

