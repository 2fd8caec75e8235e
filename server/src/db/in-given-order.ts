// `WHERE id IN (…)` returns rows in no particular order; a caller that chose and ordered the ids (a report's
// drill-down) gets them back in its order, any id that matched no row left out.
export function inGivenOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
