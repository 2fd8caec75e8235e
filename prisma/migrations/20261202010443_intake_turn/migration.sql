-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "intakeId" UUID,
ADD COLUMN     "returningAt" TIMESTAMP(3),
ADD COLUMN     "returningField" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Registration_intakeId_key" ON "Registration"("intakeId");

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_intakeId_fkey" FOREIGN KEY ("intakeId") REFERENCES "Intake"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

