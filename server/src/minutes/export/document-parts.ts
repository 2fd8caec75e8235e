// Pieces both documents share: the Decree 30 header, the draft mark, how a citizen and a conclusion are
// named, the signature column, and which date a document carries.
import { CONCLUSION_LABELS_VI, fieldName, type MinutesContent, type MinutesHeader } from '../../../../protocol/index.ts';
import {
  bodyParagraph,
  centred,
  rule,
  space,
  writtenLines,
  type Block,
  type ParagraphBlock,
  type Run,
  type TableBlock,
} from '../../documents/document-model.ts';
import { PETITION_TYPE_LABELS, WITHHELD_NAME } from './labels.ts';
import { deadlineDay } from '../../documents/vietnam-time.ts';
import { decreeHeader, sentence, signature } from '../../documents/decree-parts.ts';

export { sentence, signature };

export type ContentEntry = MinutesContent['entries'][number];

/** The approval date; before approval the session's close, else its planned start. Never "now": exports must be reproducible. */
export function documentDate(content: MinutesContent): string {
  return content.approved?.at ?? content.header.closedAt ?? content.header.scheduledStart;
}

/** The day the citizens were received. */
export function sessionDate(header: MinutesHeader): string {
  return header.startedAt ?? header.scheduledStart;
}

export function isDraft(content: MinutesContent): boolean {
  return content.approved === null;
}

/** "Công dân Nguyễn Thị Hường", or the withheld wording when the name is not given to this copy's readers. */
export function citizenLabel(entry: ContentEntry): string {
  return entry.facts.citizenName === null ? WITHHELD_NAME : `Công dân ${entry.facts.citizenName}`;
}

/** "đoàn 5 người, đại diện ..." for a delegation; empty for a single citizen. */
export function delegationLabel(entry: ContentEntry): string {
  const { delegationSize, representative, citizenName, confidential } = entry.facts;
  if (delegationSize <= 1) return '';
  const withheld = representative === null && (confidential || citizenName === null);
  const speaker = representative ?? (withheld ? WITHHELD_NAME : null);
  return speaker === null ? `đoàn ${delegationSize} người` : `đoàn ${delegationSize} người, đại diện ${speaker}`;
}

/** The petition type as the minutes classify it, else as registered. */
export function petitionTypeLabel(entry: ContentEntry): string {
  return PETITION_TYPE_LABELS[entry.fields.petitionType ?? entry.facts.petitionType];
}

/** The field as the minutes classify it, else as registered. */
export function fieldLabel(entry: ContentEntry, header: MinutesHeader): string {
  const code = entry.fields.field ?? entry.facts.field;
  return header.fields?.find((f) => f.code === code)?.name ?? fieldName([], code);
}

export function agencyName(header: MinutesHeader, agencyId: string | null): string | null {
  return header.agencies.find((a) => a.id === agencyId)?.name ?? null;
}

/** The two-column header of Decree 30: issuer and number on the left, national title and date on the right. */
export function documentHeader(content: MinutesContent, typeCode: 'BB' | 'TB'): TableBlock {
  const number = typeCode === 'BB' ? content.numbers.minutes : content.numbers.notice;
  return decreeHeader(content.header.issuer, typeCode, number, documentDate(content));
}

/**
 * The document type name and its subject, centred and bold, with the decree's short rule under them; until
 * approval "DỰ THẢO" above them, so a printed draft is never taken for the record.
 */
export function documentTitle(content: MinutesContent, typeName: string, subject: string): Block[] {
  const draft = isDraft(content);
  return [
    ...(draft ? [centred('DỰ THẢO', { bold: true, spaceBefore: 12, keepWithNext: true })] : []),
    centred(typeName, { bold: true, spaceBefore: draft ? 0 : 12, keepWithNext: true }),
    centred(subject, { bold: true, keepWithNext: true }),
    rule(0.25),
    space(6),
  ];
}

/** "Label: first line", then the rest of what was written, one paragraph per line. */
export function labelledText(label: string, text: string, lead: Run[] = []): ParagraphBlock[] {
  const [first, ...rest] = writtenLines(text);
  const head = bodyParagraph([{ text: label, bold: true }, ...lead, ...(first ? [{ text: ` ${first}` }] : [])]);
  return [head, ...rest.map((line) => bodyParagraph(line))];
}

/**
 * "Kết luận (Giao cơ quan chuyên môn giải quyết): giao Sở Xây dựng giải quyết, thời hạn trước ngày
 * 20/01/2026." followed by what the secretary wrote of the chair's conclusion.
 */
export function conclusionBlocks(entry: ContentEntry, header: MinutesHeader): Block[] {
  const { conclusionType, agencyId, deadline } = entry.fields;
  const label = conclusionType === null ? 'Kết luận:' : `Kết luận (${CONCLUSION_LABELS_VI[conclusionType]}):`;
  const agency = agencyName(header, agencyId);
  const assignment =
    conclusionType === 'ASSIGNED' && agency !== null
      ? ` giao ${agency} giải quyết${deadline === null ? '' : `, thời hạn trước ngày ${deadlineDay(deadline)}`}.`
      : '';
  return labelledText(label, entry.text.conclusion, assignment ? [{ text: assignment }] : []);
}
