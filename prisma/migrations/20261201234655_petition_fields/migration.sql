-- Petition fields become a list the office keeps: the enum's values turn into rows of "PetitionField",
-- and the columns keep their values as text, now a foreign key to that table (no turn loses its field).

-- The columns first, so the enum can go before a table of the same name takes its place
ALTER TABLE "Registration" ALTER COLUMN "field" TYPE TEXT USING "field"::text;
ALTER TABLE "MinutesEntry" ALTER COLUMN "field" TYPE TEXT USING "field"::text;

DROP TYPE "PetitionField";

CREATE TABLE "PetitionField" (
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT,
    "statutory" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PetitionField_pkey" PRIMARY KEY ("code")
);

-- The statutory seven (PRODUCT.md), with the names protocol/petition-fields.ts gives them
INSERT INTO "PetitionField" ("code", "nameVi", "nameEn", "statutory", "position") VALUES
  ('LAND', 'Đất đai', 'Land', true, 10),
  ('COMPENSATION', 'Bồi thường, GPMB', 'Compensation, site clearance', true, 20),
  ('LAND_CERTIFICATE', 'Giấy chứng nhận QSDĐ', 'Land-use certificate', true, 30),
  ('ENVIRONMENT', 'Môi trường', 'Environment', true, 40),
  ('SOCIAL_POLICY', 'Chế độ chính sách', 'Social policy', true, 50),
  ('CONSTRUCTION', 'Xây dựng, trật tự đô thị', 'Construction, urban order', true, 60),
  ('OTHER', 'Khác', 'Other', true, 1000);

ALTER TABLE "Registration" ADD CONSTRAINT "Registration_field_fkey" FOREIGN KEY ("field") REFERENCES "PetitionField"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "MinutesEntry" ADD CONSTRAINT "MinutesEntry_field_fkey" FOREIGN KEY ("field") REFERENCES "PetitionField"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
