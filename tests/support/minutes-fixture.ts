// A complete MinutesContent as the server would give it to the exports: a periodic session in Hà Nội with
// bridge points, agencies and N turns in Vietnamese. Every third turn is a confidential denunciation, so
// any N has at least one; the first three are the ones the unit tests name.
import type { MinutesContent, PetitionType, Field, ConclusionType } from '../../protocol/index.ts';

export const AGENCIES = {
  environment: { id: '1a7f0c2e-5b1d-4c3a-9e2f-000000000001', code: 'SO-NNMT', name: 'Sở Nông nghiệp và Môi trường' },
  construction: { id: '1a7f0c2e-5b1d-4c3a-9e2f-000000000002', code: 'SO-XD', name: 'Sở Xây dựng' },
  inspectorate: { id: '1a7f0c2e-5b1d-4c3a-9e2f-000000000003', code: 'THANH-TRA', name: 'Thanh tra thành phố' },
  finance: { id: '1a7f0c2e-5b1d-4c3a-9e2f-000000000004', code: 'SO-TC', name: 'Sở Tài chính' },
} as const;

/** 08:30 on Monday 5 January 2026 in Hà Nội. */
const SESSION_START = Date.parse('2026-01-05T01:30:00.000Z');
const MINUTE = 60_000;

interface TurnTemplate {
  citizen: string;
  site: { code: string; name: string };
  petitionType: PetitionType;
  field: Field;
  confidential: boolean;
  subject: string;
  delegationSize: number;
  representative: string | null;
  statement: string[];
  answers: string[];
  answeredBy: { accountName: string; agencyName: string | null }[];
  conclusionType: ConclusionType;
  agencyId: string | null;
  deadline: string | null;
  conclusion: string[];
}

const BA_DINH = { code: 'BA-DINH', name: 'Điểm cầu phường Ba Đình' };
const HA_DONG = { code: 'HA-DONG', name: 'Điểm cầu phường Hà Đông' };
const LONG_BIEN = { code: 'LONG-BIEN', name: 'Điểm cầu phường Long Biên' };

const TEMPLATES: TurnTemplate[] = [
  {
    citizen: 'Nguyễn Thị Hường',
    site: BA_DINH,
    petitionType: 'COMPLAINT',
    field: 'LAND',
    confidential: false,
    subject: 'Khiếu nại quyết định thu hồi 120 m² đất ở tại tổ dân phố số 7',
    delegationSize: 1,
    representative: null,
    statement: [
      'Bà Hường trình bày: gia đình sử dụng ổn định thửa đất từ năm 1992, đã nộp thuế đầy đủ nhưng bị thu hồi mà không được bồi thường về đất.',
      'Bà đề nghị xem xét lại nguồn gốc đất và áp giá bồi thường theo bảng giá năm 2025.',
    ],
    answers: ['Đại diện Sở Nông nghiệp và Môi trường cho biết hồ sơ nguồn gốc đất đang được rà soát cùng UBND phường Ba Đình.'],
    answeredBy: [{ accountName: 'Trần Văn Thổ', agencyName: AGENCIES.environment.name }],
    conclusionType: 'ASSIGNED',
    agencyId: AGENCIES.environment.id,
    deadline: '2026-01-20',
    conclusion: ['Kiểm tra, xác minh nguồn gốc đất, trả lời bằng văn bản cho bà Hường.'],
  },
  {
    citizen: 'Đặng Văn Lực',
    site: HA_DONG,
    petitionType: 'DENUNCIATION',
    field: 'CONSTRUCTION',
    confidential: true,
    subject: 'Tố cáo cán bộ địa chính phường Hà Đông nhận tiền để hợp thức hóa công trình xây dựng trái phép',
    delegationSize: 1,
    representative: null,
    statement: [
      'Ông Lực trình bày: ngày 12/11/2025, tại nhà riêng ở ngõ 34 phố Quang Trung, ông chứng kiến việc giao nhận tiền.',
      'Ông cung cấp bản ghi âm và đề nghị được giữ bí mật họ tên, địa chỉ.',
    ],
    answers: ['Thanh tra thành phố tiếp nhận tài liệu và cam kết bảo vệ người tố cáo theo quy định.'],
    answeredBy: [{ accountName: 'Lê Minh Tuấn', agencyName: AGENCIES.inspectorate.name }],
    conclusionType: 'ASSIGNED',
    agencyId: AGENCIES.inspectorate.id,
    deadline: '2026-02-04',
    conclusion: ['Xác minh nội dung tố cáo, áp dụng biện pháp bảo vệ người tố cáo.'],
  },
  {
    citizen: 'Hoàng Văn Thắng',
    site: LONG_BIEN,
    petitionType: 'FEEDBACK',
    field: 'ENVIRONMENT',
    confidential: false,
    subject: 'Phản ánh mùi hôi từ bãi tập kết rác ven đê sông Đuống',
    delegationSize: 6,
    representative: 'Vũ Thị Ánh Tuyết',
    statement: ['Bà Tuyết, đại diện 6 hộ dân tổ 12, phản ánh bãi rác tạm gây ô nhiễm, ruồi muỗi, ảnh hưởng sức khỏe trẻ em.'],
    answers: [
      'Đại diện Sở Xây dựng trả lời: bãi tập kết sẽ được di dời trước ngày 31/01/2026.',
      'UBND phường Long Biên sẽ phun khử khuẩn hằng tuần đến khi di dời xong.',
    ],
    answeredBy: [
      { accountName: 'Đỗ Minh Xây', agencyName: AGENCIES.construction.name },
      { accountName: 'Ngô Thị Hoàn', agencyName: null },
    ],
    conclusionType: 'ANSWERED',
    agencyId: null,
    deadline: null,
    conclusion: ['Ghi nhận ý kiến trả lời của Sở Xây dựng; công dân đồng ý.'],
  },
];

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const GIVEN_NAMES = ['Thị Thu Hà', 'Quốc Bảo', 'Văn Đức', 'Thị Ngọc Ánh', 'Minh Khôi', 'Thị Lệ Quyên', 'Đình Phúc'];

export interface MinutesFixtureOptions {
  /** Repeats each written paragraph, for documents of realistic length (the benchmark uses 3). */
  paragraphs?: number;
  /** False gives a draft (not yet approved, no numbers). */
  approved?: boolean;
}

export function minutesFixture(turns = 3, options: MinutesFixtureOptions = {}): MinutesContent {
  const paragraphs = options.paragraphs ?? 1;
  const approved = options.approved ?? true;
  const repeat = (lines: string[]) => Array.from({ length: paragraphs }, () => lines).flat().join('\n');
  const entries = Array.from({ length: turns }, (_, i) => {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    const citizen = i < TEMPLATES.length ? t.citizen : `${FAMILY_NAMES[i % FAMILY_NAMES.length]} ${GIVEN_NAMES[i % GIVEN_NAMES.length]}`;
    const started = SESSION_START + (15 + 20 * i) * MINUTE;
    const durationSeconds = 11 * 60 + 40 + i;
    const entryId = `7c1e2d3f-4a5b-4c6d-8e7f-${String(i + 1).padStart(12, '0')}`;
    return {
      facts: {
        entryId,
        number: i + 1,
        confidential: t.confidential,
        citizenName: citizen,
        representative: t.representative,
        subject: t.subject,
        delegationSize: t.delegationSize,
        siteCode: t.site.code,
        siteName: t.site.name,
        petitionType: t.petitionType,
        field: t.field,
        status: 'DONE' as const,
        startedAt: new Date(started).toISOString(),
        endedAt: new Date(started + (durationSeconds + 20) * 1000).toISOString(),
        durationSeconds,
        answeredBy: t.answeredBy,
      },
      fields: {
        petitionType: null,
        field: null,
        conclusionType: t.conclusionType,
        agencyId: t.agencyId,
        deadline: t.deadline,
        updatedBy: 'Phạm Thu Kỳ',
        updatedAt: new Date(started + 15 * MINUTE).toISOString(),
      },
      text: { statement: repeat(t.statement), answers: repeat(t.answers), conclusion: repeat(t.conclusion) },
    };
  });
  const closedAt = new Date(SESSION_START + (15 + 20 * turns + 5) * MINUTE).toISOString();
  return {
    header: {
      sessionId: '5d0b6a3c-2f1e-4d7a-9b8c-0e1f2a3b4c5d',
      title: 'Tiếp công dân định kỳ tháng 01/2026 của Chủ tịch UBND thành phố',
      kind: 'PERIODIC',
      scheduledStart: new Date(SESSION_START).toISOString(),
      startedAt: new Date(SESSION_START).toISOString(),
      closedAt,
      hostSite: { code: 'HN-TCD', name: 'Trụ sở Tiếp công dân thành phố', address: 'Số 1 phố Tôn Đức Thắng, Hà Nội' },
      sites: [
        { code: 'BA-DINH', name: BA_DINH.name, tookPart: true },
        { code: 'HA-DONG', name: HA_DONG.name, tookPart: true },
        { code: 'HOAN-KIEM', name: 'Điểm cầu phường Hoàn Kiếm', tookPart: false },
        { code: 'LONG-BIEN', name: LONG_BIEN.name, tookPart: true },
      ],
      chair: { name: 'Trần Quốc Chủ' },
      secretaries: [{ name: 'Phạm Thu Kỳ' }, { name: 'Lương Thị Ghi' }],
      agencies: [AGENCIES.environment, AGENCIES.finance, AGENCIES.construction, AGENCIES.inspectorate],
      issuer: { parent: 'UBND THÀNH PHỐ HÀ NỘI', name: 'BAN TIẾP CÔNG DÂN THÀNH PHỐ', symbol: 'BTCD', place: 'Hà Nội' },
    },
    entries,
    text: {
      opening: repeat([
        'Thực hiện Luật Tiếp công dân năm 2013 và lịch tiếp công dân định kỳ tháng 01/2026, đồng chí Chủ tịch UBND thành phố chủ trì buổi tiếp công dân trực tuyến với các điểm cầu.',
        'Thư ký đọc nội quy buổi tiếp và thứ tự công dân đã đăng ký.',
      ]),
      closing: repeat(['Đồng chí chủ trì đề nghị các cơ quan được giao khẩn trương giải quyết, báo cáo kết quả đúng thời hạn.']),
    },
    numbers: approved ? { minutes: '05/BB-BTCD', notice: '05/TB-BTCD' } : { minutes: null, notice: null },
    approved: approved ? { version: 1, at: '2026-01-05T09:00:00.000Z', by: 'Trần Quốc Chủ', reason: null } : null,
  };
}
