// What an approval freezes and an export prints: the view of a session's minutes plus the text of both
// parts, read from the Yjs documents. Pure.
import * as Y from 'yjs';
import { ENTRY_TEXT_FIELDS, MINUTES_PARTS, SESSION_TEXT_FIELDS, entryTextKey, sessionTextKey, type MinutesContent, type MinutesPart } from '../../../protocol/index.ts';
import type { FullView } from './minutes-view.ts';

/** The view plus the text of both parts: the input of the exports and the body of a version. */
export function contentOf(full: FullView, parts: Record<MinutesPart, Uint8Array>, approved: MinutesContent['approved']): MinutesContent {
  const docs = Object.fromEntries(
    MINUTES_PARTS.map((p) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, parts[p]);
      return [p, doc];
    }),
  ) as Record<MinutesPart, Y.Doc>;
  // A field's text is in one part; should a move have been skipped (approved minutes), both count.
  const text = (key: string): string =>
    MINUTES_PARTS.map((p) => docs[p].getText(key).toString())
      .filter(Boolean)
      .join('\n');
  return {
    header: full.header,
    entries: full.entries.map((e) => ({
      ...e,
      text: Object.fromEntries(ENTRY_TEXT_FIELDS.map((f) => [f, text(entryTextKey(e.facts.entryId, f))])) as MinutesContent['entries'][number]['text'],
    })),
    text: Object.fromEntries(SESSION_TEXT_FIELDS.map((f) => [f, text(sessionTextKey(f))])) as MinutesContent['text'],
    numbers: full.numbers,
    approved,
  };
}
