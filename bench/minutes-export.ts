// Export of a long session's minutes and conclusion notice, DOCX and PDF: the time a secretary waits after
// clicking "Tải về". 40 turns with three paragraphs in every written field, rendered in this process; no
// hub needed.
import { exportMinutes, type ExportOptions } from '../server/src/minutes/export/index.ts';
import { minutesFixture } from '../tests/support/minutes-fixture.ts';
import { summary } from './common.ts';

const TURNS = 40;
const VARIANTS: Pick<ExportOptions, 'doc' | 'format'>[] = [
  { doc: 'minutes', format: 'docx' },
  { doc: 'minutes', format: 'pdf' },
  { doc: 'notice', format: 'docx' },
  { doc: 'notice', format: 'pdf' },
];

/** pdfkit writes no object streams, so every page object is visible in the file. */
const pdfPages = (bytes: Buffer) => bytes.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

export async function minutesExport(runs = 20, warmup = 3): Promise<Record<string, unknown>> {
  const content = minutesFixture(TURNS, { paragraphs: 3 });
  const results: Record<string, unknown> = { turns: TURNS, paragraphsPerField: 3, runs };
  for (const variant of VARIANTS) {
    const opts: ExportOptions = { ...variant, copy: 'full' };
    for (let i = 0; i < warmup; i++) await exportMinutes(content, opts);
    const times: number[] = [];
    let bytes: Buffer = Buffer.alloc(0);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      bytes = (await exportMinutes(content, opts)).bytes;
      times.push(performance.now() - started);
    }
    results[`${variant.doc}.${variant.format}`] = {
      ms: summary(times),
      kiB: Math.round(bytes.length / 102.4) / 10,
      ...(variant.format === 'pdf' ? { pages: pdfPages(bytes) } : {}),
    };
  }
  return results;
}
