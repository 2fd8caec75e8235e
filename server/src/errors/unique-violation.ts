// A unique constraint that failed (a code taken between the check and the insert): Prisma's P2002. Every
// service that checks a code or a name first and inserts second turns it into the same refusal.
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';
}
