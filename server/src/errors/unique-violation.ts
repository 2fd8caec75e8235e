// A unique constraint that failed (a code taken between the check and the insert): Prisma's P2002, or
// PostgreSQL's own 23505 from a statement sent to the driver directly (db/sql.ts). Every service that
// checks a code or a name first and inserts second turns it into the same refusal.
export function isUniqueViolation(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined;
  return code === 'P2002' || code === '23505';
}
