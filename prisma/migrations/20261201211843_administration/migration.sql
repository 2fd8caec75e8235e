-- CreateEnum
CREATE TYPE "PasswordLinkPurpose" AS ENUM ('CREATE', 'RESET');

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "District" (
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "District_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "PasswordLink" (
    "id" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "purpose" "PasswordLinkPurpose" NOT NULL,
    "issuedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "voidedAt" TIMESTAMP(3),

    CONSTRAINT "PasswordLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "subjectLabel" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PasswordLink_accountId_idx" ON "PasswordLink"("accountId");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_subjectType_subjectId_idx" ON "AuditEntry"("subjectType", "subjectId");

-- AddForeignKey
ALTER TABLE "PasswordLink" ADD CONSTRAINT "PasswordLink_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordLink" ADD CONSTRAINT "PasswordLink_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hanoi's thirty districts (12 urban districts, 1 town, 17 rural districts), editable by an administrator
INSERT INTO "District" ("name") VALUES
('Ba Đình'),
('Hoàn Kiếm'),
('Tây Hồ'),
('Long Biên'),
('Cầu Giấy'),
('Đống Đa'),
('Hai Bà Trưng'),
('Hoàng Mai'),
('Thanh Xuân'),
('Nam Từ Liêm'),
('Bắc Từ Liêm'),
('Hà Đông'),
('Sơn Tây'),
('Ba Vì'),
('Chương Mỹ'),
('Đan Phượng'),
('Đông Anh'),
('Gia Lâm'),
('Hoài Đức'),
('Mê Linh'),
('Mỹ Đức'),
('Phú Xuyên'),
('Phúc Thọ'),
('Quốc Oai'),
('Sóc Sơn'),
('Thạch Thất'),
('Thanh Oai'),
('Thanh Trì'),
('Thường Tín'),
('Ứng Hòa');
