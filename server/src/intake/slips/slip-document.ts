// The three slips an intake's handling prints, in the Decree 30 layout from the same block model as the
// minutes: the receipt (giấy biên nhận) the citizen takes home with the tracking code and its QR code; the
// guidance slip (phiếu hướng dẫn) telling them which body can resolve a matter outside the office's
// competence; the forwarding slip (phiếu chuyển đơn) that sends the petition to that body. The wording
// follows the forms of Circular 06/2014/TT-TTCP that offices still print. A forwarded denunciation never
// names the denouncer: their identity stays with the office (Law on Denunciation 2018, art. 47).
import { PETITION_TYPE_LABELS_VI, SLIP_KINDS, type IntakeType } from '../../../../protocol/index.ts';
import { decreeHeader, sentence, signature, type Issuer } from '../../documents/decree-parts.ts';
import { bodyParagraph, centred, image, onOnePage, paragraph, rule, sideBySide, space, type Block, type ExportDocument } from '../../documents/document-model.ts';
import { dayMonthYear, hourMinuteOfDay } from '../../documents/vietnam-time.ts';

export type SlipKind = (typeof SLIP_KINDS)[number];

const TYPE_CODES: Record<SlipKind, string> = { receipt: 'GBN', guidance: 'PHD', forwarding: 'PC' };
const WITHHELD = 'Người tố cáo (được giữ bí mật)';
const SIGNATURE_COLUMNS_MM: [number, number] = [80, 85];
const QR_MM = 32;

/** What a slip prints of a visit. */
export interface SlipFacts {
  receivedAt: string;
  handledAt: string | null;
  siteName: string;
  citizen: { fullName: string; idNumber: string | null; birthYear: number | null; address: string | null; phone: string | null };
  petitionType: IntakeType;
  fieldName: string;
  content: string;
  confidential: boolean;
  delegationSize: number;
  representatives: string[];
  attachments: string[];
  handledBy: string | null;
  officer: string;
  trackingCode: string;
  /** Where the citizen follows the matter, and its QR code (PNG). */
  lookupUrl: string;
  qrPng: Buffer;
}

const TYPE_LOWER: Record<IntakeType, string> = {
  COMPLAINT: 'khiếu nại',
  DENUNCIATION: 'tố cáo',
  RECOMMENDATION: 'kiến nghị',
  FEEDBACK: 'phản ánh',
  MIXED: 'đơn có nhiều nội dung',
};
const typeLabel = (t: IntakeType) => (t === 'MIXED' ? 'Đơn có nhiều nội dung' : PETITION_TYPE_LABELS_VI[t]);

/** The issuer as a sentence names it: "Ban tiếp công dân thành phố", not the header's capitals. */
function inSentence(issuer: Issuer): Issuer {
  const name = issuer.name === issuer.name.toLocaleUpperCase('vi') ? issuer.name.toLocaleLowerCase('vi').replace(/^./u, (c) => c.toLocaleUpperCase('vi')) : issuer.name;
  return { ...issuer, name };
}

export function slipDocument(kind: SlipKind, facts: SlipFacts, headerIssuer: Issuer): ExportDocument {
  const issuer = inSentence(headerIssuer);
  const date = kind === 'receipt' ? facts.receivedAt : (facts.handledAt ?? facts.receivedAt);
  const builders: Record<SlipKind, () => { title: string; blocks: Block[] }> = {
    receipt: () => receipt(facts, issuer),
    guidance: () => guidance(facts, issuer),
    forwarding: () => forwarding(facts, issuer),
  };
  const { title, blocks } = builders[kind]();
  return {
    title: `${title} - ${facts.trackingCode}`,
    subject: `${typeLabel(facts.petitionType)}, lĩnh vực ${facts.fieldName}`,
    date: new Date(date),
    blocks: [decreeHeader(headerIssuer, TYPE_CODES[kind], null, date), ...heading(title), ...blocks],
  };
}

function heading(title: string): Block[] {
  return [centred(title, { bold: true, spaceBefore: 12, keepWithNext: true }), rule(0.25), space(6)];
}

/** "Ông/bà Nguyễn Văn An, năm sinh 1985; CCCD số 001085012345; địa chỉ: …; điện thoại: …" */
function whoCame(facts: SlipFacts): string {
  const c = facts.citizen;
  const parts = [
    `Ông/bà ${c.fullName}`,
    ...(c.birthYear ? [`năm sinh ${c.birthYear}`] : []),
    ...(c.idNumber ? [`CCCD số ${c.idNumber}`] : []),
    ...(c.address ? [`địa chỉ: ${c.address}`] : []),
    ...(c.phone ? [`điện thoại: ${c.phone}`] : []),
  ];
  const delegation = facts.delegationSize > 1 ? `; đại diện đoàn ${facts.delegationSize} người${facts.representatives.length > 0 ? ` (${facts.representatives.join(', ')})` : ''}` : '';
  return `${parts.join('; ')}${delegation}.`;
}

function matter(facts: SlipFacts): Block {
  return bodyParagraph([{ text: 'Nội dung: ', bold: true }, { text: sentence(`${typeLabel(facts.petitionType)}, lĩnh vực ${facts.fieldName}: ${facts.content}`) }]);
}

function receipt(facts: SlipFacts, issuer: Issuer): { title: string; blocks: Block[] } {
  const attachments = facts.attachments.length > 0 ? facts.attachments.map((name, i) => bodyParagraph(`${i + 1}. ${name}`, { firstLineIndent: false })) : [bodyParagraph('Không có.', { firstLineIndent: false })];
  return {
    title: 'GIẤY BIÊN NHẬN',
    blocks: [
      bodyParagraph(`Hồi ${hourMinuteOfDay(facts.receivedAt)}, tại ${facts.siteName}, ${issuer.name} đã tiếp nhận đơn, thông tin, tài liệu của:`),
      bodyParagraph(whoCame(facts)),
      matter(facts),
      bodyParagraph([{ text: 'Giấy tờ, tài liệu kèm theo:', bold: true }], { keepWithNext: true }),
      ...attachments,
      // The code on a line of its own, never broken at one of its hyphens: the citizen types it as printed.
      centred(`Mã tra cứu: ${facts.trackingCode}`, { bold: true, size: 15, spaceBefore: 6, spaceAfter: 4, keepWithNext: true }),
      bodyParagraph(`Công dân dùng mã này cùng bốn số cuối của số CCCD để theo dõi kết quả giải quyết tại ${facts.lookupUrl} hoặc quét mã QR dưới đây.`),
      image(facts.qrPng, QR_MM, QR_MM),
      bodyParagraph('Giấy biên nhận được lập thành 02 bản, công dân giữ 01 bản, cơ quan tiếp nhận giữ 01 bản.'),
      sideBySide(SIGNATURE_COLUMNS_MM, [[signature('NGƯỜI NỘP', facts.citizen.fullName), signature('NGƯỜI NHẬN', facts.officer)]]),
    ],
  };
}

function guidance(facts: SlipFacts, issuer: Issuer): { title: string; blocks: Block[] } {
  return {
    title: 'PHIẾU HƯỚNG DẪN',
    blocks: [
      bodyParagraph(`Ngày ${dayMonthYear(facts.receivedAt)}, ${issuer.name} tiếp nhận ${TYPE_LOWER[facts.petitionType]} của:`),
      bodyParagraph(whoCame(facts)),
      matter(facts),
      bodyParagraph(
        `Nội dung trên không thuộc thẩm quyền giải quyết của ${issuer.name}. Căn cứ quy định của pháp luật, ${issuer.name} hướng dẫn ông/bà gửi đơn và tài liệu kèm theo đến ${facts.handledBy ?? '…'} để được xem xét, giải quyết theo thẩm quyền.`,
      ),
      onOnePage(
        paragraph([{ text: `Mã lượt tiếp: ${facts.trackingCode}`, bold: true }], { spaceAfter: 6 }),
        sideBySide(SIGNATURE_COLUMNS_MM, [[[], signature('CÁN BỘ TIẾP CÔNG DÂN', facts.officer)]]),
      ),
    ],
  };
}

function forwarding(facts: SlipFacts, issuer: Issuer): { title: string; blocks: Block[] } {
  // The body it goes to verifies the matter: a denouncer's name, address and contacts stay with the office.
  const who = facts.confidential ? `${WITHHELD}.` : whoCame(facts);
  const recipients: Block[] = [
    paragraph([{ text: 'Nơi nhận:', bold: true, italic: true }], { size: 12 }),
    paragraph(`- ${facts.handledBy ?? '…'};`, { size: 11 }),
    ...(facts.confidential ? [] : [paragraph(`- Ông/bà ${facts.citizen.fullName} (để biết);`, { size: 11 })]),
    paragraph('- Lưu: VT.', { size: 11 }),
  ];
  return {
    title: 'PHIẾU CHUYỂN ĐƠN',
    blocks: [
      centred(`Kính gửi: ${facts.handledBy ?? '…'}`, { spaceAfter: 6 }),
      bodyParagraph(`Ngày ${dayMonthYear(facts.receivedAt)}, ${issuer.name} nhận được ${TYPE_LOWER[facts.petitionType]} của:`),
      bodyParagraph(who),
      matter(facts),
      bodyParagraph(
        `Căn cứ quy định của pháp luật, ${issuer.name} chuyển đơn đến ${facts.handledBy ?? '…'} để xem xét, giải quyết theo thẩm quyền và thông báo kết quả cho công dân, ${issuer.name} được biết.`,
      ),
      paragraph([{ text: `Mã lượt tiếp: ${facts.trackingCode}`, bold: true }], { spaceAfter: 6 }),
      onOnePage(sideBySide(SIGNATURE_COLUMNS_MM, [[recipients, signature('THỦ TRƯỞNG CƠ QUAN', '')]])),
    ],
  };
}
