-- Normalised relations: a foreign key for every reference to an account, an agency or a registration, a
-- turn's answers as TurnAnswer rows instead of a JSON array, the pause reason as an enum, LiveChange.actorId
-- as a uuid. Written by hand from `prisma migrate diff`, whose script drops Registration.answers,
-- Registration.pauseReason and LiveChange.actorId and adds them back empty: here every value is converted.
--
-- No semicolon may appear except at the end of a statement, in comments too: the driver adapter runs the
-- script statement by statement, cutting it at every semicolon, outside any transaction. So the JSON
-- column is dropped last, once everything else has succeeded: a migration that fails half way leaves
-- the answers where they were.

-- CreateEnum
CREATE TYPE "PauseReason" AS ENUM ('CHAIR', 'MODERATOR', 'SITE_DISCONNECTED');

-- The hub only ever wrote these three values. Anything else was not written by it and says nothing about
-- who paused, so it becomes null (a pause nobody claims) rather than a reason made up here.
ALTER TABLE "Registration" ALTER COLUMN "pauseReason" TYPE "PauseReason" USING (
  CASE WHEN "pauseReason" IN ('CHAIR', 'MODERATOR', 'SITE_DISCONNECTED') THEN "pauseReason"::"PauseReason" END
);

-- The hub wrote an account id or null (the system's own changes). Text that is not a uuid cannot name an
-- account: it becomes null like the system's changes instead of failing the cast.
ALTER TABLE "LiveChange" ALTER COLUMN "actorId" TYPE UUID USING (
  CASE WHEN "actorId" ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN "actorId"::uuid END
);

-- CreateTable
CREATE TABLE "TurnAnswer" (
    "registrationId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "siteId" UUID NOT NULL,
    "agencyName" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TurnAnswer_pkey" PRIMARY KEY ("registrationId","ordinal")
);

-- Each element of Registration.answers (protocol Answer) becomes a row, in the array's order. `at` is an
-- ISO instant ("…Z"), and Prisma keeps DateTime as UTC in a timestamp without time zone, whatever the
-- server's time zone. Answers written before the agency was named have no agencyName: null, as the
-- protocol has it now.
INSERT INTO "TurnAnswer" ("registrationId", "ordinal", "accountId", "name", "siteId", "agencyName", "at")
SELECT r."id", a.n - 1, (a.answer->>'accountId')::uuid, a.answer->>'name', (a.answer->>'siteId')::uuid,
       a.answer->>'agencyName', ((a.answer->>'at')::timestamptz AT TIME ZONE 'UTC')
  FROM "Registration" r
  CROSS JOIN LATERAL jsonb_array_elements(r."answers") WITH ORDINALITY AS a(answer, n)
 WHERE jsonb_typeof(r."answers") = 'array';

-- A minutes entry belongs to its registration: one whose registration is gone was shown nowhere (the
-- minutes list registrations) and can describe nothing.
DELETE FROM "MinutesEntry" e WHERE NOT EXISTS (SELECT 1 FROM "Registration" r WHERE r."id" = e."registrationId");

-- Dangling references, so that the foreign keys can be added. The hub deletes no account, site or agency,
-- but nothing in the database stopped a hand-made DELETE until now. A missing one comes back as an inactive
-- placeholder under its old id, so every record keeps saying "the same person (site, agency) did this"
-- and nothing is rewritten or lost. A placeholder account cannot sign in (inactive, no password hash).
INSERT INTO "Site" ("id", "code", "name", "kind", "active")
SELECT DISTINCT t."siteId", 'missing-' || t."siteId", 'Điểm cầu không còn trong hệ thống', 'BRIDGE_POINT'::"SiteKind", false
  FROM "TurnAnswer" t
 WHERE NOT EXISTS (SELECT 1 FROM "Site" s WHERE s."id" = t."siteId");

INSERT INTO "Agency" ("id", "code", "name")
SELECT DISTINCT e."agencyId", 'missing-' || e."agencyId", 'Cơ quan không còn trong hệ thống'
  FROM "MinutesEntry" e
 WHERE e."agencyId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Agency" g WHERE g."id" = e."agencyId");

-- Every such reference sits in a session's table, and a session has a host site: a site exists to put the
-- placeholder under.
INSERT INTO "Account" ("id", "username", "passwordHash", "fullName", "role", "siteId", "active")
SELECT refs."id", 'missing-' || refs."id", '!', 'Tài khoản không còn trong hệ thống', 'OBSERVER'::"Role",
       (SELECT s."id" FROM "Site" s ORDER BY s."createdAt", s."id" LIMIT 1), false
  FROM (
    SELECT "registeredById" AS "id" FROM "Registration"
    UNION SELECT "accountId" FROM "TurnAnswer"
    UNION SELECT "actorId" FROM "LiveChange"
    UNION SELECT "amendById" FROM "MinutesDocument"
    UNION SELECT "accountId" FROM "MinutesUpdate"
    UNION SELECT "updatedById" FROM "MinutesEntry"
    UNION SELECT "approvedById" FROM "MinutesVersion"
    UNION SELECT "amendedById" FROM "MinutesVersion"
  ) refs
 WHERE refs."id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Account" a WHERE a."id" = refs."id");

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_registeredById_fkey" FOREIGN KEY ("registeredById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TurnAnswer" ADD CONSTRAINT "TurnAnswer_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TurnAnswer" ADD CONSTRAINT "TurnAnswer_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TurnAnswer" ADD CONSTRAINT "TurnAnswer_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveChange" ADD CONSTRAINT "LiveChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesDocument" ADD CONSTRAINT "MinutesDocument_amendById_fkey" FOREIGN KEY ("amendById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesUpdate" ADD CONSTRAINT "MinutesUpdate_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesEntry" ADD CONSTRAINT "MinutesEntry_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesEntry" ADD CONSTRAINT "MinutesEntry_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesEntry" ADD CONSTRAINT "MinutesEntry_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesVersion" ADD CONSTRAINT "MinutesVersion_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesVersion" ADD CONSTRAINT "MinutesVersion_amendedById_fkey" FOREIGN KEY ("amendedById") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Registration" DROP COLUMN "answers";
