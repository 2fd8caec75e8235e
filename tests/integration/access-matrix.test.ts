// Who may do what, as one table: every HTTP route and every socket event (each live intent on its own row)
// for every kind of person in the demo city, tried against the running hub. The expectations come from the
// product rules (PRODUCT.md: who runs the session, who writes the minutes, who sees a session and who sees a
// confidential citizen), not from the code that enforces them. The routes are read from the *.routes.ts
// sources and app.ts, the events from the protocol's ClientToServerEvents, the intents from COMMAND_ROLES:
// a new route, event or intent without a row fails the first tests here.
//
// Two rows first found the hub wrong (another leader running the session; a denouncer's amended statement
// in the versions' changes to everyone); both are fixed and their rows run like the others.
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ROLES, entryTextKey, type LiveCommand, type LiveCommandType, type MessageKey, type RegistrationInput, type SyncResult } from '../../protocol/index.ts';
import { ApiClient, signedIn } from '../support/api.ts';
import { testDb } from '../support/db.ts';
import { docxText, pdfText } from '../support/documents.ts';
import { cloneDemoSession } from '../support/session-factory.ts';
import { HubUser, httpAnswer, must, textOf, type Answer } from '../support/hub-user.ts';
import { SCANS } from '../support/scans.ts';
import ExcelJS from 'exceljs';

/** Today in Hà Nội (yyyy-mm-dd). */
const vietnamToday = (days = 0) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
import { clientEventsInProtocol, eventsTheServerHandles, routesInSource } from '../support/hub-surface.ts';
import { connectError, connectSocket } from '../support/socket.ts';

// ---------------------------------------------------------------------------------------------
// The people. One account per role, a second leader, and two bridge points: Ba Đình (whose citizens the
// queue rows act on) and Hoàn Kiếm (a site of the same session acting on Ba Đình's citizens).
const PEOPLE = {
  nobody: { username: null, says: 'someone not signed in' },
  admin: { username: 'quantri', says: 'the administrator' },
  chair: { username: 'chutri', says: 'the session’s chair' },
  otherChair: { username: 'chutri.pho', says: 'another leader, not this session’s chair,' },
  moderator: { username: 'dieuphoi', says: 'the moderator' },
  hostSecretary: { username: 'thuky', says: 'the host office’s secretary' },
  bridgeSecretary: { username: 'thuky.badinh', says: 'Ba Đình’s secretary' },
  bridgeOperator: { username: 'diemcau.badinh', says: 'Ba Đình’s bridge operator' },
  otherOperator: { username: 'diemcau.hoankiem', says: 'Hoàn Kiếm’s bridge operator' },
  agencyRep: { username: 'coquan.xaydung', says: 'an agency representative' },
  observer: { username: 'giamsat', says: 'an observer' },
} as const;
type Who = keyof typeof PEOPLE;
type SignedIn = Exclude<Who, 'nobody'>;
const EVERYONE = Object.keys(PEOPLE) as Who[];
const SIGNED_IN = EVERYONE.filter((w): w is SignedIn => w !== 'nobody');

// The rules, as groups of people.
/** The chair's circle sees confidential citizens: the chair (a leader), the moderator, the host office's secretaries. */
const CIRCLE: SignedIn[] = ['chair', 'otherChair', 'moderator', 'hostSecretary'];
/** Who writes the minutes: every secretary, the moderator, and the session's own chair (not another leader). */
const WRITERS: SignedIn[] = ['chair', 'moderator', 'hostSecretary', 'bridgeSecretary'];
/** Who writes the closed part (a denouncer's statement) and reopens approved minutes: the writers in the circle. */
const CIRCLE_WRITERS: SignedIn[] = ['chair', 'moderator', 'hostSecretary'];
/** Who runs the session: its chair and the moderator. */
const RUNNERS: SignedIn[] = ['chair', 'moderator'];
/** Who acts for a citizen of Ba Đình in the queue: the runners, and Ba Đình's own operator and secretary. */
const FOR_BA_DINH: SignedIn[] = [...RUNNERS, 'bridgeOperator', 'bridgeSecretary'];
/** Who sees Ba Đình's confidential citizen named in the live queue: the circle and Ba Đình itself. */
const SEES_BA_DINH_CITIZEN: SignedIn[] = [...CIRCLE, 'bridgeOperator', 'bridgeSecretary'];

// ---------------------------------------------------------------------------------------------
// Outcomes.
interface Refusal {
  /** HTTP status (also in a socket error); 0 for a refusal that is silence (a cursor not relayed). */
  status: number;
  code: string;
  key?: MessageKey;
}
type Outcome = { allowed: true } | { allowed: false; refusal: Refusal };


const ALLOWED: Outcome = { allowed: true };
const refused = (status: number, code: string, key?: MessageKey): Outcome => ({ allowed: false, refusal: { status, code, ...(key ? { key } : {}) } });
const FORBIDDEN = (key: MessageKey): Outcome => refused(403, 'FORBIDDEN', key);
const SIGNED_OUT = refused(401, 'UNAUTHENTICATED', 'auth.signedOut');
const NOT_RELAYED = refused(0, 'not relayed');

/** Allowed for `allowed`, `others` for everyone else in the audience, with named exceptions. */
function rule(audience: readonly Who[], allowed: readonly Who[], others: Outcome, except: Partial<Record<Who, Outcome>> = {}): Partial<Record<Who, Outcome>> {
  return Object.fromEntries(audience.map((w) => [w, except[w] ?? (allowed.includes(w) ? ALLOWED : others)]));
}
const route = (allowed: readonly Who[], others: Outcome, except: Partial<Record<Who, Outcome>> = {}) => rule(EVERYONE, allowed, others, except);
const socketRule = (allowed: readonly Who[], others: Outcome, except: Partial<Record<Who, Outcome>> = {}) => rule(SIGNED_IN, allowed, others, except);

// ---------------------------------------------------------------------------------------------
// The world the rows act in, made in beforeAll.
const db = testDb();
const people = {} as Record<Who, HubUser>;
/** Sessions this file made (all deleted afterwards); the seeded demo session is never touched. */
const made: string[] = [];
let siteId: Record<string, string> = {};
let agencyRepId = '';
/** LIVE: one turn of Ba Đình done (its minutes can be filled in), one confidential citizen of Ba Đình waiting. */
const running = { id: '', doneEntry: '', waitingEntry: '' };
/** CLOSED, minutes approved twice: a confidential denunciation whose statement was amended between the two. */
let approved = '';
/** Hosted by the city office with Cầu Giấy and Hà Đông only: neither Ba Đình nor Hoàn Kiếm takes part. */
let outsider = '';
/** A writer of the running session's minutes who listens for other writers' cursors. */
let listener: HubUser;
const cursorsHeard = new Set<string>();

const LIVE_SECRET = 'Trần Thị Kín';
const MINUTES_SECRET = { name: 'Lương Văn Mật', words: 'nhà số 9 ngõ Kín' };

async function freshSession(title: string, onlySites?: string[]): Promise<string> {
  const id = await cloneDemoSession(db, `Ma trận quyền: ${title}`, 2, 'access-matrix');
  made.push(id);
  if (onlySites) await db.sessionSite.deleteMany({ where: { sessionId: id, site: { code: { notIn: onlySites } } } });
  return id;
}

const citizenOfBaDinh = (over: Partial<RegistrationInput> = {}): RegistrationInput => ({
  siteId: siteId['BA-DINH']!,
  citizenName: 'Phạm Văn Đăng',
  petitionType: 'RECOMMENDATION',
  field: 'LAND',
  ...over,
});

/** Where a live intent is legal, reached by the moderator (and the chair, who alone starts a hearing). */
type Stage = 'scheduled' | 'open' | 'live' | 'sessionPaused' | 'waiting' | 'twoWaiting' | 'setAside' | 'openWaiting' | 'called' | 'liveWaiting' | 'speaking' | 'agencyAnswering' | 'turnPaused';

/** Brings a fresh session to `stage`; returns the Ba Đình citizen the stage is about, if any. */
async function reach(stage: Stage, sessionId: string): Promise<string> {
  const mod = (c: LiveCommand) => people.moderator.must(sessionId, c);
  const register = () => mod({ type: 'entry.register', entry: citizenOfBaDinh() });
  switch (stage) {
    case 'scheduled':
      return '';
    case 'open':
      return mod({ type: 'session.open' });
    case 'live':
      await reach('open', sessionId);
      return people.chair.must(sessionId, { type: 'session.start' });
    case 'sessionPaused':
      await reach('live', sessionId);
      return mod({ type: 'session.pause' });
    case 'waiting':
      return register();
    case 'twoWaiting': {
      const first = await register();
      await register();
      return first;
    }
    case 'setAside': {
      const entryId = await register();
      await mod({ type: 'entry.skip', entryId });
      return entryId;
    }
    case 'openWaiting':
      await reach('open', sessionId);
      return register();
    case 'called': {
      const entryId = await reach('openWaiting', sessionId);
      await mod({ type: 'queue.call', entryId });
      return entryId;
    }
    case 'liveWaiting':
      await reach('live', sessionId);
      return register();
    case 'speaking': {
      const entryId = await reach('liveWaiting', sessionId);
      await mod({ type: 'floor.give', entryId });
      return entryId;
    }
    case 'agencyAnswering': {
      const entryId = await reach('speaking', sessionId);
      await mod({ type: 'floor.handToAgency', accountId: agencyRepId });
      return entryId;
    }
    case 'turnPaused': {
      const entryId = await reach('speaking', sessionId);
      await mod({ type: 'turn.pause' });
      return entryId;
    }
  }
}

/** A fresh session whose minutes the chair has approved (it has no turns, so nothing waits for a conclusion). */
async function approvedSession(title: string): Promise<string> {
  const sessionId = await freshSession(title);
  await people.chair.must(sessionId, { type: 'session.close' });
  must(await people.chair.ask('minutes:approve', { sessionId }), 'approving an empty session');
  return sessionId;
}

function yjsUpdate(field: string, text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText(field).insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

async function makeRunningSession(): Promise<void> {
  running.id = await freshSession('phiên đang diễn ra');
  const mod = (c: LiveCommand) => people.moderator.must(running.id, c);
  await reach('live', running.id);
  running.doneEntry = await mod({ type: 'entry.register', entry: citizenOfBaDinh({ citizenName: 'Nguyễn Văn Công', petitionType: 'COMPLAINT' }) });
  await mod({ type: 'floor.give', entryId: running.doneEntry });
  await mod({ type: 'turn.end' });
  running.waitingEntry = await mod({ type: 'entry.register', entry: citizenOfBaDinh({ citizenName: LIVE_SECRET, petitionType: 'DENUNCIATION', field: 'OTHER', confidential: true }) });
}

async function makeApprovedSession(): Promise<void> {
  approved = await freshSession('biên bản đã phê duyệt và sửa đổi');
  const mod = (c: LiveCommand) => people.moderator.must(approved, c);
  const lead = people.hostSecretary;
  await reach('live', approved);
  const entryId = await mod({
    type: 'entry.register',
    entry: citizenOfBaDinh({ citizenName: MINUTES_SECRET.name, petitionType: 'DENUNCIATION', field: 'OTHER', subject: 'Tố cáo cán bộ địa chính', confidential: true }),
  });
  await mod({ type: 'floor.give', entryId });
  const statement = new Y.Doc();
  const said = statement.getText(entryTextKey(entryId, 'statement'));
  said.insert(0, `Ông Mật, ${MINUTES_SECRET.words}, trình bày việc cán bộ địa chính nhận tiền.`);
  must(await lead.ask('minutes:update', { sessionId: approved, part: 'closed', update: Y.encodeStateAsUpdate(statement) }), 'writing the statement');
  must(await lead.ask('minutes:update', { sessionId: approved, update: yjsUpdate(entryTextKey(entryId, 'answers'), 'Thanh tra thành phố tiếp nhận.') }), 'writing the answer');
  await mod({ type: 'turn.end' });
  await people.chair.must(approved, { type: 'session.close' });
  const fields = { sessionId: approved, entryId, petitionType: null, field: null, conclusionType: 'STUDY', agencyId: null, deadline: null };
  must(await lead.ask('minutes:fields', fields), 'recording the conclusion');
  must(await people.chair.ask('minutes:approve', { sessionId: approved }), 'approving version 1');
  must(await lead.ask('minutes:amend', { sessionId: approved, reason: 'Bổ sung lời trình bày của công dân' }), 'amending');
  const before = Y.encodeStateVector(statement);
  said.insert(said.length, ' Có bản ghi âm kèm theo.');
  must(await lead.ask('minutes:update', { sessionId: approved, part: 'closed', update: Y.encodeStateAsUpdate(statement, before) }), 'amending the statement');
  must(await people.chair.ask('minutes:approve', { sessionId: approved }), 'approving version 2');
}

beforeAll(async () => {
  // The second leader is the one minutes-approval.test.ts uses too.
  const chair = await db.account.findUniqueOrThrow({ where: { username: 'chutri' } });
  await db.account.upsert({
    where: { username: 'chutri.pho' },
    create: { username: 'chutri.pho', fullName: 'Lãnh Đạo Khác', role: 'CHAIR', siteId: chair.siteId, passwordHash: chair.passwordHash },
    update: {},
  });
  siteId = Object.fromEntries((await db.site.findMany()).map((s) => [s.code, s.id]));
  const tag = randomUUID().slice(0, 8);
  adminWorld.siteId = (await db.site.create({ data: { code: `MQS-${tag}`, name: 'Điểm cầu ma trận', kind: 'BRIDGE_POINT', district: 'Tây Hồ' } })).id;
  await db.holiday.upsert({ where: { date: new Date('2098-12-31T00:00:00Z') }, create: { date: new Date('2098-12-31T00:00:00Z'), name: 'Ngày nghỉ để xóa' }, update: {} });
  adminWorld.agencyId = (await db.agency.create({ data: { code: `MQA-${tag}`, name: 'Sở Ma Trận' } })).id;
  adminWorld.fieldCode = `MQF_${tag.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  await db.petitionField.create({ data: { code: adminWorld.fieldCode, nameVi: 'Lĩnh vực ma trận', position: 900 } });
  adminWorld.accountId = (await db.account.create({ data: { username: `mq.sua.${tag}`, fullName: 'Thư Ký Ma Trận', role: 'SECRETARY', siteId: siteId['HN-TCD']!, passwordHash: '' } })).id;
  agencyRepId = (await db.account.findUniqueOrThrow({ where: { username: PEOPLE.agencyRep.username } })).id;
  intakeWorld.sessionId = await freshSession('tiếp nhận vào hàng chờ');
  // Taken with a scan, as a browser's form sends it.
  const form = new FormData();
  form.append('intake', JSON.stringify(baDinhIntake()));
  form.append('files', new Blob([new Uint8Array(SCANS.pdf)], { type: 'application/pdf' }), 'Bản chụp đơn.pdf');
  const taken = httpAnswer(await (await HubUser.enter(PEOPLE.bridgeOperator.username)).api.requestForm('POST', '/api/intakes', form)).body as { id: string; attachments: { id: string }[] };
  intakeWorld.id = taken.id;
  caseWorld.id = randomUUID();
  caseWorld.agencyId = (await db.agency.findUniqueOrThrow({ where: { code: 'SO-XD' } })).id;
  await db.case.create({
    data: {
      id: caseWorld.id,
      number: `VV-MQ-${caseWorld.id.slice(0, 8)}`,
      origin: 'INTAKE',
      siteId: siteId['BA-DINH']!,
      agencyId: caseWorld.agencyId,
      kind: 'RECOMMENDATION',
      field: 'OTHER',
      summary: 'Kiến nghị sửa đường ngõ ma trận',
      citizenName: 'Nguyễn Văn Ma Trận',
      trackingCode: `TD-MQ-${caseWorld.id}`,
      legalLimitDays: 15,
      createdAt: new Date(),
      updatedAt: new Date(),
    },
  });
  intakeWorld.attachmentId = taken.attachments[0]!.id;
  // A document on the case, attached by its agency through the product.
  const documentForm = new FormData();
  documentForm.append('file', new Blob([new Uint8Array(SCANS.pdf)]), 'Văn bản trả lời.pdf');
  const withDocument = httpAnswer(await (await HubUser.enter(PEOPLE.agencyRep.username)).api.requestForm('POST', `/api/cases/${caseWorld.id}/documents`, documentForm)).body as { documents: { id: string }[] };
  caseWorld.documentId = withDocument.documents[0]!.id;
  await Promise.all(EVERYONE.map(async (who) => (people[who] = await HubUser.enter(PEOPLE[who].username))));
  [listener, outsider] = await Promise.all([
    HubUser.enter(PEOPLE.hostSecretary.username),
    freshSession('không có Ba Đình và Hoàn Kiếm', ['CAU-GIAY', 'HA-DONG']),
    makeRunningSession(),
    makeApprovedSession(),
  ]);
  must(await listener.ask('minutes:open', { sessionId: running.id }, listener.sockets[0]), 'the listener opening the minutes');
  chairAccountId = (await db.account.findUniqueOrThrow({ where: { username: PEOPLE.chair.username } })).id;
  scheduleWorld.sessionId = await freshSession('đổi lịch');
  const series = httpAnswer(await people.moderator.api.request('POST', '/api/schedule/series', plannedSeries()));
  scheduleWorld.seriesId = (must(series, 'the moderator scheduling a series') as { id: string }).id;
  madeSeries.push(scheduleWorld.seriesId);
  scheduleWorld.planId = (await db.plannedSession.create({ data: { year: 2030, topic: 'Bồi thường dự án ma trận', withGroup: 'hộ dân ma trận', targetMonth: 6, createdById: chairAccountId } })).id;
  madePlan.push(scheduleWorld.planId);
  listener.sockets[0]!.on('minutes:awareness', (m) => cursorsHeard.add(Buffer.from(m.update).toString('utf8')));
});

afterAll(async () => {
  for (const p of [...Object.values(people), listener]) p?.close();
  await db.receptionSession.deleteMany({ where: { OR: [{ id: { in: made } }, { seriesId: { in: madeSeries } }] } });
  await db.sessionSeries.deleteMany({ where: { id: { in: madeSeries } } });
  await db.plannedSession.deleteMany({ where: { id: { in: madePlan } } });
  await db.$disconnect();
});

// ---------------------------------------------------------------------------------------------
// The table.
interface Action {
  /** The route ("GET /api/sessions/:id"), socket event or live intent the row exercises. */
  covers: string;
  /** What the person tries, as they would say it. */
  does: string;
  outcomes: Partial<Record<Who, Outcome>>;
  /** Tries it; `allowed` says whether the table expects it to go through (some rows prepare a session then). */
  run: (p: HubUser, allowed: boolean) => Promise<Answer>;
  /** What an allowed answer must show this person, and what it must not. */
  shows?: (who: Who, answer: Answer) => void | Promise<void>;
}

const http = (method: string, url: () => string, body?: unknown) => async (p: HubUser) => httpAnswer(await p.api.request(method, url(), body));
/** A file download as an answer: the bytes when it is allowed, the refusal's JSON when not. */
const downloaded = (res: { status: number; bytes: Buffer }): Answer => (res.status < 300 ? { ok: true, status: res.status, body: res.bytes } : httpAnswer({ status: res.status, body: JSON.parse(res.bytes.toString('utf8')) }));
const exportUrl = (copy: 'full' | 'public') => `/api/sessions/${approved}/minutes/export?doc=minutes&format=docx&copy=${copy}`;

/** Neither the confidential denouncer of the approved minutes nor their words. */
function noMinutesSecrets(text: string): void {
  expect(text, 'the confidential citizen’s name').not.toContain(MINUTES_SECRET.name);
  expect(text, 'the confidential citizen’s statement').not.toContain(MINUTES_SECRET.words);
}

/** The chair's circle sees the denouncer (their name, or their words where the answer carries the text); nobody else. */
function minutesSecretsFor(who: Who, text: string, circleSees: 'name' | 'words'): void {
  if (CIRCLE.includes(who as SignedIn)) expect(text, `${who} sees the ${circleSees}`).toContain(MINUTES_SECRET[circleSees]);
  else noMinutesSecrets(text);
}

/** Made in beforeAll for the administration rows that change one record. */
const adminWorld = { siteId: '', agencyId: '', accountId: '', fieldCode: '' };

/** A visit of a Ba Đình citizen, with a CCCD nobody outside those who need it may read. */
const intakeWorld = { id: '', sessionId: '', attachmentId: '' };
/** A case of Ba Đình's citizen with the Sở Xây dựng (the agency representative's agency). */
const caseWorld = { id: '', agencyId: '', documentId: '' };
const INTAKE_SECRET = { idNumber: '001085099123', phone: '0912 999 123' };
const baDinhIntake = () => ({
  siteId: siteId['BA-DINH'],
  fullName: 'Nguyễn Văn Ma Trận',
  ...INTAKE_SECRET,
  birthYear: 1985,
  province: 'Hà Nội',
  content: 'Đề nghị cấp giấy chứng nhận quyền sử dụng đất',
  petitionType: 'RECOMMENDATION',
  field: 'LAND_CERTIFICATE',
  competent: true,
});
const BA_DINH_TAKERS: SignedIn[] = ['bridgeOperator', 'bridgeSecretary'];
const TAKERS: SignedIn[] = ['chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'bridgeSecretary', 'otherOperator'];

/** Made in beforeAll for the scheduling rows that change one record. */
const scheduleWorld = { sessionId: '', seriesId: '', planId: '' };
const madeSeries: string[] = [];
const madePlan: string[] = [];
const PLAN_KEEPERS: SignedIn[] = ['admin', 'moderator', 'chair', 'otherChair'];

function scheduleRows(rows: Omit<Action, 'outcomes'>[]): Action[] {
  return rows.map((r) => ({ ...r, outcomes: route(['admin', 'moderator'], FORBIDDEN('schedule.only'), { nobody: SIGNED_OUT }) }));
}

/** A session far in the future, hosted by the city office with Ba Đình. */
function plannedSession(over: Record<string, unknown> = {}) {
  return { title: 'Kỳ tiếp của ma trận quyền', kind: 'THEMATIC', chairId: chairId(), hostSiteId: siteId['HN-TCD'], sites: { mode: 'picked', siteIds: [siteId['BA-DINH']] }, startTime: '08:00', endTime: '10:00', ...over };
}

function plannedSeries() {
  return { ...plannedSession(), title: 'Lịch lặp của ma trận quyền', recurrence: { kind: 'nthWeekday', nth: 3, weekday: 1 }, startDate: '2030-01-01' };
}

let chairAccountId = '';
const chairId = () => chairAccountId;

/** Administration rows: the administrator is allowed; everyone else is refused with the reason. */
function adminRows(rows: Omit<Action, 'outcomes'>[]): Action[] {
  return rows.map((r) => ({ ...r, outcomes: route(['admin'], FORBIDDEN('admin.only'), { nobody: SIGNED_OUT }) }));
}

const ROUTES: Action[] = [
  { covers: 'GET /api/health', does: 'ask whether the hub is healthy', outcomes: route(EVERYONE, ALLOWED), run: http('GET', () => '/api/health') },
  {
    covers: 'POST /api/auth/sign-in',
    does: 'sign in',
    outcomes: route(EVERYONE, ALLOWED),
    run: async (p) => {
      // A client of its own, so the person's cookie stays; someone not signed in signs in as the observer.
      const c = new ApiClient();
      c.cookie = p.api.cookie;
      return httpAnswer(await c.request('POST', '/api/auth/sign-in', { username: p.username ?? PEOPLE.observer.username, password: 'tiepdan2026' }));
    },
  },
  {
    covers: 'POST /api/auth/password',
    does: 'change their own password (the current one is checked first)',
    outcomes: route(SIGNED_IN, SIGNED_OUT),
    run: async (p) => {
      const a = httpAnswer(await p.api.request('POST', '/api/auth/password', { current: 'khong-phai-mat-khau', next: 'mot-mat-khau-moi-2026' }));
      // A wrong current password is the answer a person who may change their password gets first.
      return a.key === 'auth.wrongCurrentPassword' ? { ...a, ok: true } : a;
    },
  },
  {
    covers: 'POST /api/auth/sign-out',
    does: 'sign out',
    outcomes: route(SIGNED_IN, SIGNED_OUT),
    run: async (p) => {
      const username = p.username;
      // A sign-in of its own: signing out closes the sockets of that sign-in only.
      const c = username ? await signedIn(username) : new ApiClient();
      return httpAnswer(await c.request('POST', '/api/auth/sign-out'));
    },
  },
  {
    // Never a 401: a page asks it at every start, and being signed out is an answer, not an error.
    covers: 'GET /api/auth/session',
    does: 'ask who is signed in',
    outcomes: route(EVERYONE, ALLOWED),
    run: http('GET', () => '/api/auth/session'),
    shows: (who, a) => expect((a.body as any).me?.username ?? null).toBe(PEOPLE[who].username),
  },
  { covers: 'GET /api/auth/me', does: 'read their own account', outcomes: route(SIGNED_IN, SIGNED_OUT), run: http('GET', () => '/api/auth/me') },
  {
    // An empty hub's first administrator. This hub has accounts: every setup address is spent, for anyone.
    covers: 'GET /api/setup/:token',
    does: 'ask whether a setup address still works',
    outcomes: route(EVERYONE, ALLOWED),
    run: http('GET', () => `/api/setup/${'x'.repeat(32)}`),
    shows: (_who, a) => expect((a.body as { state: string }).state).toBe('done'),
  },
  {
    covers: 'POST /api/setup',
    does: 'set the hub up with a made-up setup address',
    outcomes: route([], refused(404, 'NOT_FOUND', 'setup.unknown')),
    run: http('POST', () => '/api/setup', { token: 'x'.repeat(32), officeName: 'Cơ quan giả', officeCode: 'GIA', fullName: 'Kẻ Mạo Danh', username: 'maodanh', password: 'mat-khau-mao-danh-2026' }),
  },
  {
    // Only LiveKit, by its signature; a person's cookie counts for nothing here.
    covers: 'POST /api/livekit/webhook',
    does: 'post a LiveKit webhook without LiveKit’s signature',
    outcomes: route([], refused(401, 'WEBHOOK_REJECTED')),
    run: http('POST', () => '/api/livekit/webhook', { event: 'room_finished', room: { name: 'x' } }),
  },
  {
    covers: 'GET /api/sessions',
    does: 'list the sessions',
    outcomes: route(SIGNED_IN, SIGNED_OUT),
    run: http('GET', () => '/api/sessions'),
    shows: (_who, a) => expect((a.body as { id: string }[]).map((s) => s.id)).toContain(running.id),
  },
  { covers: 'GET /api/sessions/:id', does: 'read a session', outcomes: route(SIGNED_IN, SIGNED_OUT), run: http('GET', () => `/api/sessions/${running.id}`) },
  {
    covers: 'POST /api/sessions/:id/connection',
    does: 'get a token for the session’s video room',
    outcomes: route(SIGNED_IN, SIGNED_OUT, { admin: FORBIDDEN('session.roleNoRoom') }),
    run: http('POST', () => `/api/sessions/${running.id}/connection`, {}),
  },
  { covers: 'GET /api/sessions/:id/presence', does: 'see which sites are connected', outcomes: route(SIGNED_IN, SIGNED_OUT), run: http('GET', () => `/api/sessions/${running.id}/presence`) },
  {
    covers: 'GET /api/sessions/:id/minutes/export',
    does: 'download the full minutes, confidential citizens named',
    outcomes: route(CIRCLE, FORBIDDEN('minutes.fullCopyCircle'), { nobody: SIGNED_OUT }),
    run: async (p) => downloaded(await p.api.download(exportUrl('full'))),
    shows: async (who, a) => minutesSecretsFor(who, await docxText(a.body as Buffer), 'name'),
  },
  {
    covers: 'GET /api/sessions/:id/minutes/export',
    does: 'download the public copy of the minutes',
    outcomes: route(SIGNED_IN, SIGNED_OUT),
    run: async (p) => downloaded(await p.api.download(exportUrl('public'))),
    shows: async (_who, a) => noMinutesSecrets(await docxText(a.body as Buffer)),
  },
  // The web client's pages: public, the page itself asks who is signed in.
  // Administration: the administrator only. Everyone else is refused with the reason (someone not signed in is
  // told to sign in); the rows that change something change records this file made.
  ...adminRows([
    { covers: 'GET /api/admin/sites', does: 'list the city’s sites', run: http('GET', () => '/api/admin/sites') },
    { covers: 'POST /api/admin/sites', does: 'add a bridge point', run: http('POST', () => '/api/admin/sites', { code: `MQ-${randomUUID().slice(0, 8)}`, name: 'Điểm cầu ma trận', kind: 'BRIDGE_POINT', district: 'Tây Hồ' }) },
    { covers: 'PATCH /api/admin/sites/:id', does: 'rename a bridge point', run: http('PATCH', () => `/api/admin/sites/${adminWorld.siteId}`, { name: 'Điểm cầu ma trận (đổi tên)' }) },
    {
      covers: 'POST /api/admin/sites/import',
      does: 'preview a file of sites',
      run: async (p) => httpAnswer(await p.api.request('POST', '/api/admin/sites/import?dryRun=1', 'Mã,Tên,Loại,Quận/huyện\nMQ-FILE,Điểm cầu trong tệp,Điểm cầu,Tây Hồ\n', { 'content-type': 'text/csv' })),
      shows: (_who, answer) => expect((answer.body as { rows: unknown[] }).rows).toHaveLength(1),
    },
    { covers: 'GET /api/admin/districts', does: 'list the city’s districts', run: http('GET', () => '/api/admin/districts') },
    { covers: 'POST /api/admin/districts', does: 'add a district', run: http('POST', () => '/api/admin/districts', { name: `Khu ma trận ${randomUUID().slice(0, 6)}` }) },
    { covers: 'GET /api/admin/agencies', does: 'list the agencies', run: http('GET', () => '/api/admin/agencies') },
    { covers: 'POST /api/admin/agencies', does: 'add an agency', run: http('POST', () => '/api/admin/agencies', { code: `MQ-${randomUUID().slice(0, 8)}`, name: 'Sở Ma Trận' }) },
    { covers: 'PATCH /api/admin/agencies/:id', does: 'rename an agency', run: http('PATCH', () => `/api/admin/agencies/${adminWorld.agencyId}`, { name: 'Sở Ma Trận (đổi tên)' }) },
    { covers: 'GET /api/admin/accounts', does: 'list the accounts', run: http('GET', () => '/api/admin/accounts') },
    {
      covers: 'POST /api/admin/accounts',
      does: 'create an account',
      run: async (p) => httpAnswer(await p.api.request('POST', '/api/admin/accounts', { username: `mq.${randomUUID().slice(0, 8)}`, fullName: 'Thư Ký Ma Trận', role: 'SECRETARY', siteId: siteId['HN-TCD'] })),
      shows: (_who, answer) => expect((answer.body as { link: { path: string } }).link.path).toMatch(/^#\/password\//),
    },
    { covers: 'PATCH /api/admin/accounts/:id', does: 'rename an account', run: http('PATCH', () => `/api/admin/accounts/${adminWorld.accountId}`, { fullName: 'Thư Ký Đổi Tên' }) },
    { covers: 'POST /api/admin/accounts/:id/password-link', does: 'reset an account’s password', run: http('POST', () => `/api/admin/accounts/${adminWorld.accountId}/password-link`) },
    { covers: 'GET /api/admin/audit', does: 'read the audit log', run: http('GET', () => '/api/admin/audit?subject=account') },
    { covers: 'GET /api/admin/settings', does: 'read the office’s settings', run: http('GET', () => '/api/admin/settings') },
    // The defaults again: the shared hub's other tests keep the five working days.
    { covers: 'PATCH /api/admin/settings', does: 'change the office’s settings', run: http('PATCH', () => '/api/admin/settings', { invitationLeadDays: 5, defaultTurnMinutes: 5 }) },
    { covers: 'GET /api/admin/holidays', does: 'list the public holidays', run: http('GET', () => '/api/admin/holidays?year=2027') },
    { covers: 'POST /api/admin/holidays', does: 'add a public holiday', run: http('POST', () => '/api/admin/holidays', { date: `2099-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}`, name: 'Ngày nghỉ của ma trận' }) },
    { covers: 'POST /api/admin/petition-fields', does: 'add a petition field', run: http('POST', () => '/api/admin/petition-fields', { code: `MQ_${randomUUID().slice(0, 8).toUpperCase()}`, nameVi: 'Lĩnh vực ma trận mới' }) },
    { covers: 'PATCH /api/admin/petition-fields/:code', does: 'rename a petition field', run: http('PATCH', () => `/api/admin/petition-fields/${adminWorld.fieldCode}`, { nameVi: 'Lĩnh vực ma trận (đổi tên)' }) },
    { covers: 'DELETE /api/admin/holidays/:date', does: 'remove a public holiday', run: http('DELETE', () => '/api/admin/holidays/2098-12-31') },
  ]),
  // Scheduling: the moderator (for the host office they work at) and the administrator; everyone else is
  // refused with the reason. What the rows make is deleted afterwards.
  ...scheduleRows([
    { covers: 'GET /api/schedule/options', does: 'see what a session can be scheduled with', run: http('GET', () => '/api/schedule/options') },
    { covers: 'POST /api/schedule/preview', does: 'preview a series’ dates', run: http('POST', () => '/api/schedule/preview', { recurrence: { kind: 'nthWeekday', nth: 3, weekday: 1 }, startDate: '2030-01-01', time: '08:00' }) },
    { covers: 'GET /api/schedule/sessions', does: 'list the sessions they schedule', run: http('GET', () => '/api/schedule/sessions') },
    {
      covers: 'POST /api/schedule/sessions',
      does: 'schedule a session',
      run: async (p) => {
        const answer = httpAnswer(await p.api.request('POST', '/api/schedule/sessions', plannedSession({ date: '2030-03-12' })));
        if (answer.ok) made.push((answer.body as { id: string }).id);
        return answer;
      },
    },
    { covers: 'PATCH /api/schedule/sessions/:id', does: 'reschedule a session', run: http('PATCH', () => `/api/schedule/sessions/${scheduleWorld.sessionId}`, { startTime: '08:30', endTime: '11:00' }) },
    {
      covers: 'POST /api/schedule/sessions/:id/cancel',
      does: 'cancel a session',
      // A session of its own for each try: a cancelled one cannot be cancelled again.
      run: async (p) => httpAnswer(await p.api.request('POST', `/api/schedule/sessions/${await freshSession('hủy lịch')}/cancel`, { reason: 'Lãnh đạo đi công tác đột xuất' })),
    },
    { covers: 'GET /api/schedule/series', does: 'list the series', run: http('GET', () => '/api/schedule/series') },
    {
      covers: 'POST /api/schedule/series',
      does: 'schedule a monthly series',
      run: async (p) => {
        const answer = httpAnswer(await p.api.request('POST', '/api/schedule/series', plannedSeries()));
        if (answer.ok) madeSeries.push((answer.body as { id: string }).id);
        return answer;
      },
    },
    { covers: 'PATCH /api/schedule/series/:id', does: 'change a series', run: http('PATCH', () => `/api/schedule/series/${scheduleWorld.seriesId}`, { startTime: '08:30', endTime: '11:30' }) },
    { covers: 'POST /api/schedule/series/:id/end', does: 'end a series', run: http('POST', () => `/api/schedule/series/${scheduleWorld.seriesId}/end`) },
  ]),
  // The year's plan: leaders, moderators and administrators keep it; fixing a date is scheduling (moderator,
  // administrator).
  { covers: 'GET /api/plan', does: 'read the year’s plan', outcomes: route(PLAN_KEEPERS, FORBIDDEN('plan.only'), { nobody: SIGNED_OUT }), run: http('GET', () => '/api/plan?year=2030') },
  {
    covers: 'POST /api/plan',
    does: 'put a dialogue in the year’s plan',
    outcomes: route(PLAN_KEEPERS, FORBIDDEN('plan.only'), { nobody: SIGNED_OUT }),
    run: async (p) => {
      const answer = httpAnswer(await p.api.request('POST', '/api/plan', { year: 2030, topic: 'Bồi thường dự án ma trận', withGroup: 'hộ dân ma trận', targetMonth: 6 }));
      if (answer.ok) madePlan.push((answer.body as { id: string }).id);
      return answer;
    },
  },
  {
    covers: 'POST /api/plan/:id/schedule',
    does: 'fix the date of a planned dialogue',
    outcomes: route(['admin', 'moderator'], FORBIDDEN('plan.only'), { nobody: SIGNED_OUT, chair: FORBIDDEN('schedule.only'), otherChair: FORBIDDEN('schedule.only') }),
    run: async (p) => {
      const entry = await db.plannedSession.create({ data: { year: 2030, topic: 'Bồi thường dự án ma trận', withGroup: 'hộ dân ma trận', targetMonth: 6, createdById: chairId() } });
      madePlan.push(entry.id);
      const answer = httpAnswer(await p.api.request('POST', `/api/plan/${entry.id}/schedule`, { ...plannedSession({ date: '2030-06-12' }), title: undefined, kind: undefined }));
      if (answer.ok) made.push((answer.body as { session: { id: string } }).session.id);
      return answer;
    },
  },
  {
    covers: 'POST /api/plan/:id/drop',
    does: 'take a dialogue out of the plan',
    outcomes: route(PLAN_KEEPERS, FORBIDDEN('plan.only'), { nobody: SIGNED_OUT }),
    run: http('POST', () => `/api/plan/${scheduleWorld.planId}/drop`, { reason: 'Không còn cần thiết' }),
  },
  {
    // Everyone signed in has a calendar of the sessions they see (an outsider's session is not on it).
    covers: 'GET /api/schedule/calendar',
    does: 'open their calendar',
    outcomes: route(SIGNED_IN, SIGNED_OUT),
    run: http('GET', () => `/api/schedule/calendar?from=${new Date().toISOString().slice(0, 10)}&to=${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}`),
    shows: (who, answer) => {
      const ids = (answer.body as { id: string }[]).map((e) => e.id);
      if (['bridgeOperator', 'otherOperator', 'bridgeSecretary'].includes(who)) expect(ids, `${who} does not see the outsider session`).not.toContain(outsider);
      else if (['admin', 'observer'].includes(who)) expect(ids).toContain(outsider);
    },
  },
  // Citizen intake: taken at one's own site by those who take intakes; read in full where it is needed,
  // masked for the administrator and observers, not at all at another bridge point or by an agency.
  {
    covers: 'POST /api/intakes',
    does: 'take an intake of a Ba Đình citizen',
    outcomes: route(BA_DINH_TAKERS, FORBIDDEN('intake.only'), { nobody: SIGNED_OUT, ...Object.fromEntries(TAKERS.filter((w) => !BA_DINH_TAKERS.includes(w)).map((w) => [w, FORBIDDEN('intake.ownSiteOnly')])) }),
    run: async (p) => httpAnswer(await p.api.request('POST', '/api/intakes', baDinhIntake())),
  },
  {
    // The handling is decided where the visit was taken, or by the host office's circle.
    covers: 'PUT /api/intakes/:id/handling',
    does: 'decide how a Ba Đình citizen’s visit is handled',
    outcomes: route(['chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'bridgeSecretary'], FORBIDDEN('intake.only'), {
      nobody: SIGNED_OUT,
      otherOperator: refused(404, 'NOT_FOUND', 'intake.notFound'),
    }),
    run: http('PUT', () => `/api/intakes/${intakeWorld.id}/handling`, { handling: 'ACCEPTED' }),
    shows: (_who, answer) => expect((answer.body as { handling: string }).handling).toBe('ACCEPTED'),
  },
  {
    // The reply of the body a visit was sent to: recorded by those who decide its handling. The visit here
    // was accepted, so they are refused on the merits (nothing was sent out); everyone else by access.
    covers: 'PUT /api/intakes/:id/reply',
    does: 'record the reply to a Ba Đình citizen’s visit',
    outcomes: route(['chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'bridgeSecretary'], FORBIDDEN('intake.only'), {
      nobody: SIGNED_OUT,
      otherOperator: refused(404, 'NOT_FOUND', 'intake.notFound'),
      ...Object.fromEntries((['chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'bridgeSecretary'] as const).map((w) => [w, refused(409, 'CONFLICT', 'intake.replyNotSent')])),
    }),
    run: http('PUT', () => `/api/intakes/${intakeWorld.id}/reply`, { day: vietnamToday() }),
  },
  {
    // Each try queues an intake of its own (one intake joins one queue once).
    covers: 'POST /api/intakes/:id/queue',
    does: 'put a Ba Đình citizen’s intake in a session’s speaker queue',
    outcomes: route(BA_DINH_TAKERS, FORBIDDEN('intake.only'), {
      nobody: SIGNED_OUT,
      ...Object.fromEntries(TAKERS.filter((w) => !BA_DINH_TAKERS.includes(w)).map((w) => [w, refused(404, 'NOT_FOUND', 'intake.notFound')])),
    }),
    run: async (p) => {
      const made = httpAnswer(await people.bridgeOperator.api.request('POST', '/api/intakes', baDinhIntake())).body as { id: string };
      return httpAnswer(await p.api.request('POST', `/api/intakes/${made.id}/queue`, { sessionId: intakeWorld.sessionId }));
    },
    shows: (_who, answer) => expect((answer.body as { entryId: string }).entryId).toMatch(/^[0-9a-f-]{36}$/),
  },
  {
    covers: 'GET /api/intakes/places',
    does: 'list the wards and districts an address is picked from',
    outcomes: route(TAKERS, FORBIDDEN('intake.only'), { nobody: SIGNED_OUT }),
    run: http('GET', () => '/api/intakes/places'),
    shows: (_who, answer) => expect((answer.body as { districts: string[] }).districts).toContain('Ba Đình'),
  },
  {
    covers: 'GET /api/intakes/history',
    does: 'look up a citizen’s earlier visits by their CCCD',
    outcomes: route(TAKERS, FORBIDDEN('intake.only'), { nobody: SIGNED_OUT }),
    run: http('GET', () => `/api/intakes/history?idNumber=${INTAKE_SECRET.idNumber}`),
    shows: (who, answer) => {
      const visits = (answer.body as { visits: { content: string | null }[] }).visits;
      expect(visits.length, who).toBeGreaterThan(0);
      if (who === 'otherOperator') expect(visits.every((v) => v.content === null), 'another site sees no content').toBe(true);
    },
  },
  {
    covers: 'GET /api/intakes/:id',
    does: 'read a Ba Đình citizen’s visit',
    outcomes: route(['admin', 'chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'bridgeSecretary', 'observer'], FORBIDDEN('intake.readOnly'), {
      nobody: SIGNED_OUT,
      otherOperator: refused(404, 'NOT_FOUND', 'intake.notFound'),
    }),
    run: http('GET', () => `/api/intakes/${intakeWorld.id}`),
    shows: (who, answer) => {
      const text = textOf(answer.body);
      if (who === 'admin' || who === 'observer') {
        expect(text).not.toContain(INTAKE_SECRET.idNumber);
        expect(text).not.toContain('Nguyễn Văn Ma Trận');
      } else expect(text).toContain(INTAKE_SECRET.idNumber);
    },
  },
  {
    // A scan is the citizen's personal data: opened in full where it is needed, never by masked readers.
    covers: 'GET /api/intakes/:id/attachments/:attachmentId',
    does: 'download the scan a Ba Đình citizen brought',
    outcomes: route(['chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'bridgeSecretary'], FORBIDDEN('intake.readOnly'), {
      nobody: SIGNED_OUT,
      admin: FORBIDDEN('intake.attachmentMasked'),
      observer: FORBIDDEN('intake.attachmentMasked'),
      otherOperator: refused(404, 'NOT_FOUND', 'intake.attachmentNotFound'),
    }),
    run: async (p) => {
      const res = await p.api.download(`/api/intakes/${intakeWorld.id}/attachments/${intakeWorld.attachmentId}`);
      const answer = downloaded(res);
      return answer.ok ? { ...answer, body: { bytes: res.bytes, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') } } : answer;
    },
    shows: (_who, answer) => {
      const file = answer.body as { bytes: Buffer; type: string; disposition: string };
      expect(file.bytes.equals(SCANS.pdf)).toBe(true);
      expect(file.type).toBe('application/pdf');
      expect(file.disposition).toBe(`attachment; filename="Ban chup don.pdf"; filename*=UTF-8''${encodeURIComponent('Bản chụp đơn.pdf')}`);
    },
  },
  {
    // The receipt prints the citizen's personal data and the tracking code: printed where it is seen in full.
    covers: 'GET /api/intakes/:id/slip',
    does: 'print the receipt of a Ba Đình citizen’s visit',
    outcomes: route(['chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'bridgeSecretary'], FORBIDDEN('intake.readOnly'), {
      nobody: SIGNED_OUT,
      admin: FORBIDDEN('intake.slipFullOnly'),
      observer: FORBIDDEN('intake.slipFullOnly'),
      otherOperator: refused(404, 'NOT_FOUND', 'intake.notFound'),
    }),
    run: async (p) => downloaded(await p.api.download(`/api/intakes/${intakeWorld.id}/slip?kind=receipt&format=pdf`)),
    shows: async (_who, answer) => expect(await pdfText(answer.body as Buffer)).toContain(INTAKE_SECRET.idNumber),
  },
  {
    // The reception book: whoever reads intakes; a bridge point its own site's, masked where the citizen is.
    covers: 'GET /api/reception-book',
    does: 'read today’s reception book',
    outcomes: route(['admin', 'chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'otherOperator', 'bridgeSecretary', 'observer'], FORBIDDEN('intake.readOnly'), { nobody: SIGNED_OUT }),
    run: http('GET', () => `/api/reception-book?from=${vietnamToday(-1)}&to=${vietnamToday()}`),
    shows: (who, answer) => {
      const rows = (answer.body as { rows: { id: string }[] }).rows;
      const text = textOf(answer.body);
      if (who === 'otherOperator') expect(rows.map((r) => r.id)).not.toContain(intakeWorld.id);
      else expect(rows.map((r) => r.id)).toContain(intakeWorld.id);
      if (who === 'admin' || who === 'observer') expect(text).not.toContain(INTAKE_SECRET.idNumber);
    },
  },
  {
    covers: 'GET /api/reception-book/export',
    does: 'export today’s reception book as XLSX',
    outcomes: route(['admin', 'chair', 'otherChair', 'moderator', 'hostSecretary', 'bridgeOperator', 'otherOperator', 'bridgeSecretary', 'observer'], FORBIDDEN('intake.readOnly'), { nobody: SIGNED_OUT }),
    run: async (p) => downloaded(await p.api.download(`/api/reception-book/export?from=${vietnamToday(-1)}&to=${vietnamToday()}&format=xlsx`)),
    shows: async (who, answer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(answer.body as unknown as ArrayBuffer);
      const text = JSON.stringify(book.worksheets[0]!.getSheetValues());
      expect(text).toContain('SỔ TIẾP CÔNG DÂN');
      if (['admin', 'observer', 'otherOperator'].includes(who)) expect(text).not.toContain(INTAKE_SECRET.idNumber);
      else expect(text).toContain(INTAKE_SECRET.idNumber);
    },
  },
  // Cases: an agency its own; a bridge point its citizens'; the host office and observers the city's.
  {
    covers: 'GET /api/cases',
    does: 'list the cases they may follow',
    outcomes: route(SIGNED_IN, SIGNED_OUT),
    run: http('GET', () => '/api/cases'),
    shows: (who, answer) => {
      const ids = (answer.body as { cases: { id: string }[] }).cases.map((c) => c.id);
      if (who === 'otherOperator') expect(ids).not.toContain(caseWorld.id);
      else expect(ids, who).toContain(caseWorld.id);
    },
  },
  {
    covers: 'GET /api/cases/:id',
    does: 'read a Ba Đình citizen’s case with its timeline',
    outcomes: route(SIGNED_IN, SIGNED_OUT, { otherOperator: refused(404, 'NOT_FOUND', 'case.notFound') }),
    run: http('GET', () => `/api/cases/${caseWorld.id}`),
    shows: (who, answer) => {
      const name = (answer.body as { citizen: { fullName: string } }).citizen.fullName;
      if (who === 'admin' || who === 'observer') expect(name).toBe('N. V. M. T.');
      else expect(name, who).toBe('Nguyễn Văn Ma Trận');
    },
  },
  {
    // Progress is recorded by the agency the case is with, or by the host office's circle.
    covers: 'POST /api/cases/:id/actions',
    does: 'record progress on a Ba Đình citizen’s case',
    outcomes: route(['agencyRep', ...CIRCLE], FORBIDDEN('case.agencyActs'), { nobody: SIGNED_OUT, otherOperator: refused(404, 'NOT_FOUND', 'case.notFound') }),
    run: http('POST', () => `/api/cases/${caseWorld.id}/actions`, { type: 'progress', note: 'Đã liên hệ công dân' }),
    shows: (_who, answer) => expect((answer.body as { status: string }).status).toBe('ASSIGNED'),
  },
  {
    // A case's documents: attached by the agency it is with or the office's deciders.
    covers: 'POST /api/cases/:id/documents',
    does: 'attach a document to a Ba Đình citizen’s case',
    outcomes: route(['agencyRep', ...CIRCLE], FORBIDDEN('case.agencyActs'), { nobody: SIGNED_OUT, otherOperator: refused(404, 'NOT_FOUND', 'case.notFound') }),
    run: async (p) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(SCANS.png)]), 'Biên bản xác minh.png');
      return httpAnswer(await p.api.requestForm('POST', `/api/cases/${caseWorld.id}/documents`, form));
    },
    shows: (_who, answer) => expect((answer.body as { documents: { fileName: string }[] }).documents.map((d) => d.fileName)).toContain('Biên bản xác minh.png'),
  },
  {
    // Opened by the agency and by those who see the citizen in full; observers and the administrator see a count.
    covers: 'GET /api/cases/:id/documents/:documentId',
    does: 'download a document of a Ba Đình citizen’s case',
    outcomes: route(['agencyRep', ...CIRCLE, ...FOR_BA_DINH.filter((w) => !CIRCLE.includes(w))], FORBIDDEN('case.documentMasked'), { nobody: SIGNED_OUT, otherOperator: refused(404, 'NOT_FOUND', 'case.documentNotFound') }),
    run: async (p) => downloaded(await p.api.download(`/api/cases/${caseWorld.id}/documents/${caseWorld.documentId}`)),
    shows: (_who, answer) => expect((answer.body as unknown as Buffer).equals(SCANS.pdf)).toBe(true),
  },
  {
    // The statutory reports: counts only; a bridge point reads its own site's, an agency none.
    covers: 'GET /api/reports/summary',
    does: 'read the reception summary and the follow-up figures of the last month',
    outcomes: route(SIGNED_IN.filter((w) => w !== 'agencyRep'), FORBIDDEN('report.readOnly'), { nobody: SIGNED_OUT }),
    run: http('GET', () => `/api/reports/summary?from=${vietnamToday(-30)}&to=${vietnamToday()}`),
    shows: (who, answer) => {
      const summary = answer.body as { reception: { total: { visits: number } }; scope: { site: { id: string } | null } };
      expect(summary.reception.total.visits, who).toBeGreaterThanOrEqual(0);
      // No citizen reaches a report.
      expect(textOf(answer.body)).not.toContain(INTAKE_SECRET.idNumber);
      if (['bridgeOperator', 'bridgeSecretary'].includes(who)) expect(summary.scope.site?.id).toBe(siteId['BA-DINH']);
    },
  },
  {
    // The records behind a figure, shown by the reception book's rules: masked for the administrator and observers.
    covers: 'GET /api/reports/records',
    does: 'open the visits behind the last month’s visit count',
    outcomes: route(SIGNED_IN.filter((w) => w !== 'agencyRep'), FORBIDDEN('report.readOnly'), { nobody: SIGNED_OUT }),
    run: http('GET', () => `/api/reports/records?from=${vietnamToday(-30)}&to=${vietnamToday()}&figure=reception.total.visits`),
    shows: (who, answer) => {
      const body = answer.body as { kind: string; total: number; visits: { id: string; siteName: string }[] };
      expect([body.kind, body.total], who).toEqual(['visits', body.visits.length]);
      if (who === 'otherOperator') expect(body.visits.map((v) => v.id)).not.toContain(intakeWorld.id);
      else expect(body.visits.map((v) => v.id)).toContain(intakeWorld.id);
      if (who === 'admin' || who === 'observer') expect(textOf(answer.body)).not.toContain(INTAKE_SECRET.idNumber);
    },
  },
  {
    // Filing freezes a period's figures: the host office's chair's circle; each try files a day of its own in
    // the past, so every allowed caller files afresh instead of meeting the one before.
    covers: 'POST /api/reports/filings',
    does: 'file (chốt) the figures of a past day',
    outcomes: route(CIRCLE, FORBIDDEN('report.fileOnly'), { nobody: SIGNED_OUT, agencyRep: FORBIDDEN('report.readOnly') }),
    run: async (p) => {
      const day = new Date(Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 7000) * 86_400_000).toISOString().slice(0, 10);
      return httpAnswer(await p.api.request('POST', '/api/reports/filings', { from: day, to: day }));
    },
    shows: (who, answer) => expect((answer.body as { filed: { by: string } | null }).filed?.by, who).toBeTruthy(),
  },
  {
    covers: 'GET /api/reports/export',
    does: 'export the last month’s report as XLSX',
    outcomes: route(SIGNED_IN.filter((w) => w !== 'agencyRep'), FORBIDDEN('report.readOnly'), { nobody: SIGNED_OUT }),
    run: async (p) => downloaded(await p.api.download(`/api/reports/export?from=${vietnamToday(-30)}&to=${vietnamToday()}&format=xlsx`)),
    shows: async (_who, answer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(answer.body as unknown as ArrayBuffer);
      expect(book.getWorksheet('01-TCD')!.getCell('A4').value).toBe('TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN (Mẫu 01/TCD)');
    },
  },
  {
    // Assigning the regular reception's accepted intakes to agencies is the host office's decision.
    covers: 'GET /api/cases/intakes',
    does: 'list the accepted intakes waiting for an agency',
    outcomes: route(CIRCLE, FORBIDDEN('case.hostAssigns'), { nobody: SIGNED_OUT }),
    run: http('GET', () => '/api/cases/intakes'),
    shows: (_who, answer) => expect(Array.isArray(answer.body)).toBe(true),
  },
  {
    covers: 'POST /api/cases/from-intake',
    does: 'open a case from an intake (an unknown one, so the office is refused on its merits and nothing is made)',
    outcomes: route(CIRCLE, FORBIDDEN('case.hostAssigns'), { nobody: SIGNED_OUT, ...Object.fromEntries(CIRCLE.map((w) => [w, refused(404, 'NOT_FOUND', 'intake.notFound')])) }),
    run: async (p) => httpAnswer(await p.api.request('POST', '/api/cases/from-intake', { intakeId: randomUUID(), agencyId: caseWorld.agencyId })),
  },
  {
    // The citizen's lookup needs no sign-in: anyone may try, and a wrong pair says nothing.
    covers: 'POST /api/public/lookup',
    does: 'look up a matter by a tracking code and four digits',
    outcomes: route(EVERYONE, SIGNED_OUT),
    // A fresh code each time: five wrong tries lock a code.
    run: async (p) => httpAnswer(await p.api.request('POST', '/api/public/lookup', { code: `TD-${randomUUID().slice(0, 8)}`, idSuffix: '0000' })),
    shows: (_who, answer) => expect(answer.body).toEqual({ found: false }),
  },
  {
    // The citizen's word on the answer, with the same pair as the lookup: a wrong pair says nothing, for anyone.
    covers: 'POST /api/public/lookup/reply',
    does: 'say whether an answer satisfied them, with a tracking code and four digits',
    outcomes: route(EVERYONE, ALLOWED),
    run: async (p) => httpAnswer(await p.api.request('POST', '/api/public/lookup/reply', { code: `TD-${randomUUID().slice(0, 8)}`, idSuffix: '0000', reply: { type: 'rate', satisfaction: 'SATISFIED' } })),
    shows: (_who, answer) => expect(answer.body).toEqual({ found: false }),
  },
  {
    // The hub's time source: only an administrator reads or moves it (and only when CLOCK_CONTROL is on).
    covers: 'GET /api/clock',
    does: 'read the hub’s clock',
    outcomes: route(['admin'], FORBIDDEN('admin.only'), { nobody: SIGNED_OUT }),
    run: http('GET', () => '/api/clock'),
    shows: (_who, answer) => expect(Math.abs(Date.parse((answer.body as { now: string }).now) - Date.now())).toBeLessThan(120_000),
  },
  {
    covers: 'PUT /api/clock',
    does: 'move the hub’s clock a second forward',
    outcomes: route(['admin'], FORBIDDEN('admin.only'), { nobody: SIGNED_OUT }),
    run: async (p) => {
      const read = (await p.api.request('GET', '/api/clock')).body as { now?: string };
      const at = new Date((read.now ? Date.parse(read.now) : Date.now()) + 1000).toISOString();
      return httpAnswer(await p.api.request('PUT', '/api/clock', { at }));
    },
    shows: (_who, answer) => expect(typeof (answer.body as { now: string }).now).toBe('string'),
  },
  {
    // The names of the petition fields: every screen shows them, the TV and the public pages included.
    covers: 'GET /api/petition-fields',
    does: 'read the petition fields',
    outcomes: route(EVERYONE, ALLOWED),
    run: http('GET', () => '/api/petition-fields'),
    shows: (_who, answer) => expect((answer.body as { code: string }[]).map((f) => f.code)).toContain('LAND'),
  },
  {
    // The schedule the law requires posted: anyone, signed in or not; a notice board's facts, no citizen, no id.
    covers: 'GET /api/public/schedule',
    does: 'read the public reception schedule',
    outcomes: route(EVERYONE, ALLOWED),
    run: http('GET', () => '/api/public/schedule'),
    shows: (_who, answer) => {
      const text = textOf(answer.body);
      expect(text).not.toContain(LIVE_SECRET);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    },
  },
  // The notification centre and invitations: each person their own; confirming is for the invited bridge
  // points' people and agencies' representatives; who confirmed is for the people who schedule.
  { covers: 'GET /api/notifications', does: 'read their notifications', outcomes: route(SIGNED_IN, SIGNED_OUT), run: http('GET', () => '/api/notifications') },
  { covers: 'POST /api/notifications/read', does: 'mark their notifications read', outcomes: route(SIGNED_IN, SIGNED_OUT), run: http('POST', () => '/api/notifications/read', {}) },
  { covers: 'GET /api/invitations', does: 'see the sessions they are invited to', outcomes: route(SIGNED_IN, SIGNED_OUT), run: http('GET', () => '/api/invitations') },
  {
    covers: 'POST /api/invitations/:sessionId/confirm',
    does: 'confirm their site or agency attends',
    outcomes: route(['bridgeOperator', 'otherOperator', 'bridgeSecretary', 'agencyRep'], FORBIDDEN('invite.onlyInvitees'), { nobody: SIGNED_OUT }),
    run: http('POST', () => `/api/invitations/${running.id}/confirm`),
  },
  {
    covers: 'GET /api/invitations/:sessionId/attendance',
    does: 'see which sites confirmed and passed the connection test',
    outcomes: route(['admin', 'moderator'], FORBIDDEN('schedule.only'), { nobody: SIGNED_OUT }),
    run: http('GET', () => `/api/invitations/${running.id}/attendance`),
  },
  {
    covers: 'POST /api/calendar-feed',
    does: 'get a secret address for their calendar program',
    outcomes: route(SIGNED_IN, SIGNED_OUT),
    run: http('POST', () => '/api/calendar-feed'),
    shows: (_who, answer) => expect((answer.body as { path: string }).path).toMatch(/^\/api\/calendar-feeds\/[A-Za-z0-9_-]{32}\.ics$/),
  },
  {
    covers: 'GET /api/calendar-feeds/:token',
    does: 'read a calendar feed with a made-up address',
    outcomes: route([], refused(404, 'NOT_FOUND', 'feed.unknown')),
    run: http('GET', () => `/api/calendar-feeds/${'z'.repeat(32)}.ics`),
  },
  {
    // The page a one-time password link opens: nobody is signed in there. A made-up link works for no one.
    covers: 'GET /api/password-links/:token',
    does: 'ask whether a password link still works',
    outcomes: route(EVERYONE, ALLOWED),
    run: http('GET', () => `/api/password-links/${'y'.repeat(32)}`),
    shows: (_who, answer) => expect(answer.body).toMatchObject({ state: 'unknown', username: null }),
  },
  {
    covers: 'POST /api/password-links',
    does: 'set a password with a made-up link',
    outcomes: route([], refused(404, 'NOT_FOUND', 'link.unknown')),
    run: http('POST', () => '/api/password-links', { token: 'y'.repeat(32), password: 'mat-khau-mao-danh-2026' }),
  },
  { covers: 'GET /', does: 'open the web client', outcomes: route(EVERYONE, ALLOWED), run: http('GET', () => '/') },
  { covers: 'GET /^(?!\\/api\\/|\\/socket\\.io\\/).*/', does: 'open a page of the web client', outcomes: route(EVERYONE, ALLOWED), run: http('GET', () => '/phien/khong-co') },
];

const minutesFields = () => ({ sessionId: running.id, entryId: running.doneEntry, petitionType: null, field: null, conclusionType: 'ANSWERED', agencyId: null, deadline: null });

/** Sends a cursor and waits until the hub has handled it and the listener would have heard it relayed. */
async function cursorRelayed(p: HubUser): Promise<Answer> {
  const socket = p.sockets[0]!;
  const opened = await p.ask('minutes:open', { sessionId: running.id }, socket);
  if (!opened.ok) return opened;
  const mark = `con trỏ của ${p.name} ${randomUUID()}`;
  // Cursors are volatile (a busy socket may drop one), so a relayed cursor gets three chances.
  for (let attempt = 0; attempt < 3; attempt++) {
    socket.emit('minutes:awareness', { sessionId: running.id, update: new TextEncoder().encode(mark) });
    // One socket's messages are handled in order, and the relay goes out before the listener's answer.
    await p.ask('minutes:view', { sessionId: running.id }, socket);
    await listener.ask('minutes:view', { sessionId: running.id }, listener.sockets[0]);
    if (cursorsHeard.has(mark)) return { ok: true };
  }
  return { ok: false, status: 0, code: 'not relayed' };
}

const EVENTS: Action[] = [
  { covers: 'session:watch', does: 'watch who is connected to the session', outcomes: socketRule(SIGNED_IN, ALLOWED), run: (p) => p.ask('session:watch', { sessionId: running.id }) },
  { covers: 'session:unwatch', does: 'stop watching the session', outcomes: socketRule(SIGNED_IN, ALLOWED), run: (p) => p.ask('session:unwatch', { sessionId: running.id }) },
  {
    covers: 'live:sync',
    does: 'follow the live queue',
    outcomes: socketRule(SIGNED_IN, ALLOWED),
    run: (p) => p.ask('live:sync', { sessionId: running.id, version: null }),
    shows: (who, a) => {
      const entries = (a.body as Extract<SyncResult, { kind: 'snapshot' }>).snapshot.state.entries;
      const waiting = entries.find((e) => e.id === running.waitingEntry);
      expect(waiting?.citizenName ?? null).toBe(SEES_BA_DINH_CITIZEN.includes(who as SignedIn) ? LIVE_SECRET : null);
    },
  },
  {
    covers: 'minutes:open',
    does: 'open the minutes',
    outcomes: socketRule(SIGNED_IN, ALLOWED),
    run: (p) => p.ask('minutes:open', { sessionId: approved }),
    shows: (who, a) => minutesSecretsFor(who, textOf(a.body), 'name'),
  },
  {
    covers: 'minutes:open',
    does: 'open the closed part of the minutes (a denouncer’s statement)',
    outcomes: socketRule(CIRCLE, FORBIDDEN('minutes.closedPartCircle')),
    run: (p) => p.ask('minutes:open', { sessionId: approved, part: 'closed' }),
    shows: (who, a) => minutesSecretsFor(who, textOf(a.body), 'words'),
  },
  {
    covers: 'minutes:update',
    does: 'write in the minutes',
    outcomes: socketRule(WRITERS, FORBIDDEN('minutes.readOnly'), { otherChair: FORBIDDEN('minutes.onlySessionChairWrites') }),
    run: (p) => p.ask('minutes:update', { sessionId: running.id, update: yjsUpdate(`ma-tran:${p.name}`, `ghi chú của ${p.name}`) }),
  },
  {
    covers: 'minutes:update',
    does: 'write in the closed part of the minutes',
    outcomes: socketRule(CIRCLE_WRITERS, FORBIDDEN('minutes.readOnly'), {
      otherChair: FORBIDDEN('minutes.onlySessionChairWrites'),
      bridgeSecretary: FORBIDDEN('minutes.closedPartCircle'),
    }),
    run: (p) => p.ask('minutes:update', { sessionId: running.id, part: 'closed', update: yjsUpdate(`ma-tran-kin:${p.name}`, `ghi chú kín của ${p.name}`) }),
  },
  { covers: 'minutes:awareness', does: 'show their cursor to the other writers', outcomes: socketRule(WRITERS, NOT_RELAYED), run: cursorRelayed },
  {
    covers: 'minutes:view',
    does: 'read the minutes’ header and turns',
    outcomes: socketRule(SIGNED_IN, ALLOWED),
    run: (p) => p.ask('minutes:view', { sessionId: approved }),
    shows: (who, a) => minutesSecretsFor(who, textOf(a.body), 'name'),
  },
  {
    covers: 'minutes:fields',
    does: 'set a turn’s fields in the minutes',
    outcomes: socketRule(WRITERS, FORBIDDEN('minutes.readOnly'), { otherChair: FORBIDDEN('minutes.onlySessionChairWrites') }),
    run: (p) => p.ask('minutes:fields', minutesFields()),
  },
  {
    covers: 'minutes:conclusion',
    does: 'record a turn’s conclusion',
    outcomes: socketRule(WRITERS, FORBIDDEN('minutes.readOnly'), { otherChair: FORBIDDEN('minutes.onlySessionChairWrites') }),
    run: (p) => p.ask('minutes:conclusion', { sessionId: running.id, entryId: running.doneEntry, conclusionType: 'ANSWERED', agencyId: null, deadline: null }),
  },
  {
    covers: 'minutes:approve',
    does: 'approve the minutes',
    outcomes: socketRule(['chair'], FORBIDDEN('minutes.onlyChairApproves')),
    run: async (p, allowed) => {
      // The chair approves a closed session without turns; the others try the running one (not approvable yet).
      if (!allowed) return p.ask('minutes:approve', { sessionId: running.id });
      const sessionId = await freshSession(`phê duyệt bởi ${p.name}`);
      await people.chair.must(sessionId, { type: 'session.close' });
      return p.ask('minutes:approve', { sessionId });
    },
  },
  {
    covers: 'minutes:amend',
    does: 'reopen approved minutes to amend them',
    outcomes: socketRule(CIRCLE_WRITERS, FORBIDDEN('minutes.readOnly'), {
      otherChair: FORBIDDEN('minutes.onlySessionChairWrites'),
      bridgeSecretary: FORBIDDEN('minutes.amendOnlyCircle'),
    }),
    run: async (p, allowed) =>
      p.ask('minutes:amend', { sessionId: allowed ? await approvedSession(`sửa đổi bởi ${p.name}`) : approved, reason: 'Sửa lỗi chính tả trong biên bản' }),
  },
  {
    covers: 'minutes:versions',
    does: 'read the list of approved versions and what changed',
    // Was bug B2 (the amended confidential statement reached every reader in `changes`): outside the
    // chair's circle the changes are now worked out between the public copies.
    outcomes: socketRule(SIGNED_IN, ALLOWED),
    run: (p) => p.ask('minutes:versions', { sessionId: approved }),
    shows: (who, a) => {
      expect((a.body as unknown[]).length).toBe(2);
      minutesSecretsFor(who, textOf(a.body), 'words');
    },
  },
  {
    covers: 'minutes:version',
    does: 'read an approved version of the minutes',
    outcomes: socketRule(SIGNED_IN, ALLOWED),
    run: (p) => p.ask('minutes:version', { sessionId: approved, number: 2 }),
    shows: (who, a) => minutesSecretsFor(who, textOf(a.body), 'words'),
  },
];

// Live intents. Allowed rows are tried on a fresh session brought to where the intent is legal, so
// "allowed" means committed; refused rows on the running session, where only access could refuse them.
type IntentRule = 'runners' | 'chair only' | 'for Ba Đình' | 'pre-flight of Ba Đình' | 'Ba Đình’s operator, speaking';
interface IntentSpec {
  does: string;
  rule: IntentRule;
  stage: Stage;
  build: (entryId: string) => LiveCommand;
}

const INTENT_SPECS: Record<LiveCommandType, IntentSpec> = {
  'session.open': { does: 'open the session', rule: 'runners', stage: 'scheduled', build: () => ({ type: 'session.open' }) },
  'session.start': { does: 'start the hearing', rule: 'chair only', stage: 'open', build: () => ({ type: 'session.start' }) },
  'session.pause': { does: 'pause the session', rule: 'runners', stage: 'live', build: () => ({ type: 'session.pause' }) },
  'session.resume': { does: 'resume the paused session', rule: 'runners', stage: 'sessionPaused', build: () => ({ type: 'session.resume' }) },
  'session.close': { does: 'close the session', rule: 'chair only', stage: 'open', build: () => ({ type: 'session.close' }) },
  'session.settings': { does: 'change the length of a turn', rule: 'runners', stage: 'scheduled', build: () => ({ type: 'session.settings', turnSeconds: 240 }) },
  'entry.register': { does: 'register a citizen at Ba Đình', rule: 'for Ba Đình', stage: 'scheduled', build: () => ({ type: 'entry.register', entry: citizenOfBaDinh() }) },
  'entry.askFloor': { does: 'ask for the floor for Ba Đình’s citizen', rule: 'for Ba Đình', stage: 'openWaiting', build: (entryId) => ({ type: 'entry.askFloor', entryId }) },
  'entry.withdraw': { does: 'withdraw Ba Đình’s citizen from the queue', rule: 'for Ba Đình', stage: 'waiting', build: (entryId) => ({ type: 'entry.withdraw', entryId }) },
  'entry.confidential': { does: 'mark Ba Đình’s citizen confidential', rule: 'for Ba Đình', stage: 'waiting', build: (entryId) => ({ type: 'entry.confidential', entryId, confidential: true }) },
  'entry.move': { does: 'move a citizen down the queue', rule: 'runners', stage: 'twoWaiting', build: (entryId) => ({ type: 'entry.move', entryId, toIndex: 1 }) },
  'entry.priority': { does: 'give a citizen priority', rule: 'runners', stage: 'waiting', build: (entryId) => ({ type: 'entry.priority', entryId, priority: 'ELDERLY' }) },
  'entry.skip': { does: 'skip a waiting citizen', rule: 'runners', stage: 'waiting', build: (entryId) => ({ type: 'entry.skip', entryId }) },
  'entry.noShow': { does: 'mark a called citizen absent', rule: 'runners', stage: 'called', build: (entryId) => ({ type: 'entry.noShow', entryId }) },
  'entry.requeue': { does: 'put a skipped citizen back in the queue', rule: 'runners', stage: 'setAside', build: (entryId) => ({ type: 'entry.requeue', entryId }) },
  'entry.rename': { does: 'correct a citizen’s name', rule: 'runners', stage: 'waiting', build: (entryId) => ({ type: 'entry.rename', entryId, citizenName: 'Phạm Văn Đặng' }) },
  'queue.callNext': { does: 'call the next citizen', rule: 'runners', stage: 'openWaiting', build: () => ({ type: 'queue.callNext' }) },
  'queue.call': { does: 'call a citizen out of turn', rule: 'runners', stage: 'openWaiting', build: (entryId) => ({ type: 'queue.call', entryId }) },
  'floor.give': { does: 'give a citizen the floor', rule: 'runners', stage: 'liveWaiting', build: (entryId) => ({ type: 'floor.give', entryId }) },
  'floor.handToAgency': { does: 'hand the floor to an agency', rule: 'runners', stage: 'speaking', build: () => ({ type: 'floor.handToAgency', accountId: agencyRepId }) },
  'floor.takeBack': { does: 'take the floor back from the agency', rule: 'runners', stage: 'agencyAnswering', build: () => ({ type: 'floor.takeBack' }) },
  'turn.pause': { does: 'pause the turn', rule: 'runners', stage: 'speaking', build: () => ({ type: 'turn.pause' }) },
  'turn.resume': { does: 'resume the paused turn', rule: 'runners', stage: 'turnPaused', build: () => ({ type: 'turn.resume' }) },
  'turn.addTime': { does: 'add speaking time to the turn', rule: 'runners', stage: 'speaking', build: () => ({ type: 'turn.addTime', seconds: 30 }) },
  'turn.end': { does: 'end the turn', rule: 'runners', stage: 'speaking', build: () => ({ type: 'turn.end' }) },
  'site.readiness': {
    does: 'report Ba Đình’s pre-flight check',
    rule: 'pre-flight of Ba Đình',
    stage: 'scheduled',
    build: () => ({ type: 'site.readiness', siteId: siteId['BA-DINH']!, camera: true, microphone: true, rttMs: 40 }),
  },
  'site.media': {
    does: 'pause Ba Đình’s turn because its media dropped',
    rule: 'Ba Đình’s operator, speaking',
    stage: 'speaking',
    build: () => ({ type: 'site.media', connected: false }),
  },
};

const ROLE_FORBIDDEN = FORBIDDEN('live.roleForbidden');
// Was bug B1 (another leader ran any session at their office): a leader runs a session only as its chair.
const NOT_THE_CHAIR = FORBIDDEN('live.notSessionChair');
const INTENT_OUTCOMES: Record<IntentRule, Partial<Record<Who, Outcome>>> = {
  runners: socketRule(RUNNERS, ROLE_FORBIDDEN, { otherChair: NOT_THE_CHAIR }),
  'chair only': socketRule(['chair'], ROLE_FORBIDDEN, { otherChair: NOT_THE_CHAIR }),
  'for Ba Đình': socketRule(FOR_BA_DINH, ROLE_FORBIDDEN, {
    otherChair: NOT_THE_CHAIR,
    hostSecretary: FORBIDDEN('live.ownSiteOnly'),
    otherOperator: FORBIDDEN('live.ownSiteOnly'),
  }),
  'pre-flight of Ba Đình': socketRule(FOR_BA_DINH, ROLE_FORBIDDEN, {
    otherChair: NOT_THE_CHAIR,
    hostSecretary: FORBIDDEN('live.readinessOwnSite'),
    otherOperator: FORBIDDEN('live.readinessOwnSite'),
  }),
  // Only the page that publishes the site's microphone speaks for its connection, and only for its own turn.
  'Ba Đình’s operator, speaking': socketRule(['bridgeOperator'], ROLE_FORBIDDEN, { otherOperator: refused(409, 'CONFLICT', 'live.noTurnAffected') }),
};

const INTENTS: Action[] = Object.entries(INTENT_SPECS).map(([type, spec]) => {
  const outcomes = INTENT_OUTCOMES[spec.rule];
  return {
    covers: type,
    does: spec.does,
    outcomes,
    run: async (p: HubUser, allowed: boolean) => {
      if (!allowed) return p.command(running.id, spec.build(running.waitingEntry));
      const sessionId = await freshSession(`${type} bởi ${p.name}`);
      return p.command(sessionId, spec.build(await reach(spec.stage, sessionId)));
    },
  };
});

interface Row {
  name: string;
  action: Action;
  who: Who;
  expected: Outcome;
}

function rowsOf(actions: Action[]): Row[] {
  return actions.flatMap((action) =>
    Object.entries(action.outcomes).flatMap(([who, expected]): Row[] => {
      if (!expected) return [];
      const why = expected.allowed ? '' : ` (${expected.refusal.status ? `${expected.refusal.status} ` : ''}${expected.refusal.code})`;
      return [{ name: `${PEOPLE[who as Who].says} ${expected.allowed ? 'may' : 'may not'} ${action.does}${why}`, action, who: who as Who, expected }];
    }),
  );
}

async function tryRow({ action, who, expected }: Row): Promise<void> {
  const answer = await action.run(people[who], expected.allowed);
  if (expected.allowed) {
    expect(answer.ok, `${answer.code} ${answer.message}`).toBe(true);
    await action.shows?.(who, answer);
    return;
  }
  const { status, code, key } = expected.refusal;
  const seen = { ok: answer.ok, code: answer.code, ...(answer.status !== undefined ? { status: answer.status } : {}), ...(key ? { key: answer.key } : {}) };
  expect(seen, answer.message).toEqual({ ok: false, code, ...(answer.status !== undefined ? { status } : {}), ...(key ? { key } : {}) });
}

const covered = (actions: Action[]): string[] => [...new Set(actions.map((a) => a.covers))].sort();

describe('the access table covers the whole hub', () => {
  it('has rows for every HTTP route in app.ts and the *.routes.ts files', () => {
    expect(covered(ROUTES)).toEqual(routesInSource());
  });

  it('has rows for every event of ClientToServerEvents, live:command by each intent', () => {
    expect([...covered(EVENTS), 'live:command'].sort()).toEqual(clientEventsInProtocol());
  });

  it('has rows for every live intent of COMMAND_ROLES', () => {
    expect(covered(INTENTS)).toEqual(Object.keys(COMMAND_ROLES).sort());
  });

  it('the server listens to exactly the events the protocol declares', () => {
    expect(eventsTheServerHandles()).toEqual(clientEventsInProtocol());
  });

  it('says for every row what each person gets (or which bug leaves it out)', () => {
    for (const a of ROUTES) expect(Object.keys(a.outcomes).sort(), a.does).toEqual([...EVERYONE].sort());
    for (const a of [...EVENTS, ...INTENTS]) expect(Object.keys(a.outcomes).sort(), a.does).toEqual([...SIGNED_IN].sort());
  });
});

describe.each([
  { part: 'HTTP routes', rows: rowsOf(ROUTES) },
  { part: 'socket events', rows: rowsOf(EVENTS) },
  { part: 'live intents (live:command)', rows: rowsOf(INTENTS) },
])('who may do what: $part', ({ rows }) => {
  // Rows are independent (each changes only a session of its own), so a few run at once.
  it.concurrent.each(rows)('$name', tryRow);
});

// ---------------------------------------------------------------------------------------------
// A session a site does not take part in: for that site's people it is as if it did not exist.
interface Probe {
  does: string;
  run: (p: HubUser, sessionId: string) => Promise<Answer>;
  /** Answered "done" whatever the session: leaving a room one never joined says nothing about it. */
  harmless?: true;
}
const httpProbe = (method: string, url: (id: string) => string): Probe['run'] => async (p, id) => httpAnswer(await p.api.request(method, url(id), method === 'POST' ? {} : undefined));
const askProbe = (event: string, payload: (id: string) => object): Probe['run'] => (p, id) => p.ask(event, payload(id));
const intentProbe = (command: LiveCommand): Probe['run'] => (p, id) => p.command(id, command);
const someEntry = randomUUID();

const PROBES: Probe[] = [
  { does: 'read', run: httpProbe('GET', (id) => `/api/sessions/${id}`) },
  { does: 'get a room token for', run: httpProbe('POST', (id) => `/api/sessions/${id}/connection`) },
  { does: 'see who is connected to', run: httpProbe('GET', (id) => `/api/sessions/${id}/presence`) },
  { does: 'download the public minutes of', run: httpProbe('GET', (id) => `/api/sessions/${id}/minutes/export?copy=public`) },
  { does: 'download the full minutes of', run: httpProbe('GET', (id) => `/api/sessions/${id}/minutes/export?copy=full`) },
  { does: 'watch', run: askProbe('session:watch', (sessionId) => ({ sessionId })) },
  { does: 'stop watching', run: askProbe('session:unwatch', (sessionId) => ({ sessionId })), harmless: true },
  { does: 'follow the live queue of', run: askProbe('live:sync', (sessionId) => ({ sessionId, version: null })) },
  { does: 'open the minutes of', run: askProbe('minutes:open', (sessionId) => ({ sessionId })) },
  { does: 'open the closed part of the minutes of', run: askProbe('minutes:open', (sessionId) => ({ sessionId, part: 'closed' })) },
  { does: 'write in the minutes of', run: askProbe('minutes:update', (sessionId) => ({ sessionId, update: yjsUpdate('ma-tran', 'x') })) },
  { does: 'read the minutes’ turns of', run: askProbe('minutes:view', (sessionId) => ({ sessionId })) },
  {
    does: 'set a turn’s fields in',
    run: askProbe('minutes:fields', (sessionId) => ({ sessionId, entryId: someEntry, petitionType: null, field: null, conclusionType: 'ANSWERED', agencyId: null, deadline: null })),
  },
  { does: 'record a conclusion in', run: askProbe('minutes:conclusion', (sessionId) => ({ sessionId, entryId: someEntry, conclusionType: 'ANSWERED', agencyId: null, deadline: null })) },
  { does: 'approve the minutes of', run: askProbe('minutes:approve', (sessionId) => ({ sessionId })) },
  { does: 'amend the minutes of', run: askProbe('minutes:amend', (sessionId) => ({ sessionId, reason: 'Sửa lỗi chính tả' })) },
  { does: 'list the versions of the minutes of', run: askProbe('minutes:versions', (sessionId) => ({ sessionId })) },
  { does: 'read a version of the minutes of', run: askProbe('minutes:version', (sessionId) => ({ sessionId, number: 1 })) },
  // The intents their roles may issue reach the session's door; one they may never issue is refused before it.
  { does: 'register their own citizen in', run: (p, id) => p.command(id, { type: 'entry.register', entry: { ...citizenOfBaDinh(), siteId: p.siteId } }) },
  { does: 'ask for the floor in', run: intentProbe({ type: 'entry.askFloor', entryId: someEntry }) },
  { does: 'withdraw a citizen from', run: intentProbe({ type: 'entry.withdraw', entryId: someEntry }) },
  { does: 'mark a citizen confidential in', run: intentProbe({ type: 'entry.confidential', entryId: someEntry, confidential: true }) },
  { does: 'report their pre-flight check to', run: (p, id) => p.command(id, { type: 'site.readiness', siteId: p.siteId, camera: true, microphone: true, rttMs: 40 }) },
  { does: 'start', run: intentProbe({ type: 'session.start' }) },
];

const OUTSIDERS: SignedIn[] = ['bridgeOperator', 'bridgeSecretary', 'otherOperator'];
const sameAs = (a: Answer) => ({ ok: a.ok, status: a.status, code: a.code, key: a.key, message: a.message });

describe('a session without Ba Đình and Hoàn Kiếm', () => {
  it.concurrent.each(OUTSIDERS.flatMap((who) => PROBES.map((probe) => ({ who, probe, name: `${PEOPLE[who].says}, trying to ${probe.does} it, gets the answer for a session that does not exist` }))))(
    '$name',
    async ({ who, probe }) => {
      const p = people[who];
      const answer = await probe.run(p, outsider);
      expect(sameAs(answer)).toEqual(sameAs(await probe.run(p, randomUUID())));
      if (probe.harmless) expect(answer.ok).toBe(true);
      else expect([answer.ok, answer.code]).toEqual([false, expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/)]);
    },
  );

  it.each(OUTSIDERS.map((who) => ({ who, name: PEOPLE[who].says })))('is not in the session list of $name', async ({ who }) => {
    const list = await people[who].api.request('GET', '/api/sessions');
    expect(list.status).toBe(200);
    expect((list.body as { id: string }[]).map((s) => s.id)).not.toContain(outsider);
    expect((list.body as { id: string }[]).map((s) => s.id)).toContain(running.id);
  });

  it('is there for the chair, the moderator and the observer', async () => {
    for (const who of ['chair', 'moderator', 'observer'] as const) expect((await people[who].api.request('GET', `/api/sessions/${outsider}`)).status, who).toBe(200);
  });

  it('relays no cursor of Ba Đình’s secretary to the session’s writers', async () => {
    const writer = people.moderator;
    const heard: string[] = [];
    const socket = writer.sockets[1]!;
    must(await writer.ask('minutes:open', { sessionId: outsider }, socket), 'the moderator opening the minutes');
    socket.on('minutes:awareness', (m) => heard.push(Buffer.from(m.update).toString('utf8')));
    const secretary = people.bridgeSecretary;
    secretary.sockets[1]!.emit('minutes:awareness', { sessionId: outsider, update: new TextEncoder().encode('con trỏ lạc') });
    await secretary.ask('minutes:view', { sessionId: running.id }, secretary.sockets[1]);
    await writer.ask('minutes:view', { sessionId: outsider }, socket);
    expect(heard).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Not signed in: every route's row above says what it answers; the socket does not even open.
describe('someone not signed in', () => {
  it('cannot open a socket without a cookie, with a forged one, or with one that was signed out', async () => {
    const c = await signedIn(PEOPLE.observer.username);
    const cookie = c.cookie;
    expect((await c.request('POST', '/api/auth/sign-out')).status).toBe(204);
    for (const jar of [undefined, 'tiepdan_session=gia-mao', cookie]) {
      const socket = connectSocket(c.baseUrl, jar);
      try {
        expect((await connectError(socket)).data?.code, String(jar)).toBe('UNAUTHENTICATED');
      } finally {
        socket.disconnect();
      }
    }
  });
});
