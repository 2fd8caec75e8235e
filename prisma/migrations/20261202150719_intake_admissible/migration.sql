-- AlterTable
ALTER TABLE "Intake" ADD COLUMN     "admissible" BOOLEAN NOT NULL DEFAULT true;

