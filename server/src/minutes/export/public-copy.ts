// The copy anyone who may see the session can download: a confidential citizen (a denouncer who asked for
// protection) is not named, and neither is anything that could lead back to them (Law on Denunciation
// 2018, art. 47) — their representative, the subject of their petition and what they said.
import type { MinutesContent } from '../../../../protocol/index.ts';
import { REDACTED_STATEMENT } from './labels.ts';

export function publicCopy(content: MinutesContent): MinutesContent {
  return {
    ...content,
    entries: content.entries.map((entry) =>
      entry.facts.confidential
        ? {
            ...entry,
            facts: { ...entry.facts, citizenName: null, representative: null, subject: null },
            text: { ...entry.text, statement: REDACTED_STATEMENT },
          }
        : entry,
    ),
  };
}
