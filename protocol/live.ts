// The live reception session: the speaker queue (hàng chờ phát biểu), the floor (quyền phát biểu) and the
// turn clock. The server owns this state; clients send intents (LiveCommand) and receive versioned patches.
import { z } from 'zod';
import type { ApiError } from './errors.ts';
import { schemaText as t } from './messages/index.ts';
import { FieldCode, type Field } from './petition-fields.ts';

export const PETITION_TYPES = ['COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'FEEDBACK'] as const;
export type PetitionType = (typeof PETITION_TYPES)[number];


/** Who is taken first, by law and custom: the elderly, people with disabilities, war invalids and martyrs' families, delegations' representatives. */
export const PRIORITY_REASONS = ['ELDERLY', 'DISABILITY', 'MERIT', 'DELEGATION'] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export const ENTRY_STATUSES = ['WAITING', 'CALLED', 'SPEAKING', 'PAUSED', 'DONE', 'SKIPPED', 'WITHDRAWN', 'NO_SHOW'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/** Who paused: the chair, the moderator, or the system because the speaking site dropped. */
export type PauseReason = 'CHAIR' | 'MODERATOR' | 'SITE_DISCONNECTED';

export interface Answer {
  accountId: string;
  name: string;
  siteId: string;
  agencyName: string | null;
  at: string;
}

/** One registration in the speaker queue and, once it is given the floor, its turn (lượt phát biểu). */
export interface QueueEntry {
  id: string;
  siteId: string;
  /** Withheld (null) for viewers outside the chair's circle when the entry is confidential. */
  citizenName: string | null;
  petitionType: PetitionType;
  field: Field;
  subject: string | null;
  /** The intake the citizen was registered from, if any (the reception book's row). */
  intakeId: string | null;
  /** The earlier visit the intake returns to ("đã tiếp trước đây"): its day and field, for the chair. */
  returning: { at: string; field: Field } | null;
  delegationSize: number;
  representative: string | null;
  priority: PriorityReason | null;
  confidential: boolean;
  status: EntryStatus;
  /** Ordering weight among waiting entries: smaller first (after priority). */
  position: number;
  registeredAt: string;
  askedFloorAt: string | null;
  calledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  pausedAt: string | null;
  pauseReason: PauseReason | null;
  /** Paused time already closed (ms); a running pause is added from pausedAt. */
  pausedMs: number;
  allottedSeconds: number;
  extraSeconds: number;
  answers: Answer[];
}

export interface FloorHolder {
  /** The entry whose turn it is. */
  entryId: string;
  /** Who holds the microphone within the turn: the citizen's site, or an agency representative answering. */
  speaker: { kind: 'CITIZEN'; siteId: string } | { kind: 'AGENCY'; siteId: string; accountId: string; name: string; agencyName?: string | null };
}

export interface LiveSettings {
  turnSeconds: number;
  roundRobin: boolean;
}

export interface LiveState {
  sessionId: string;
  version: number;
  status: 'SCHEDULED' | 'OPEN' | 'LIVE' | 'PAUSED' | 'CLOSED';
  settings: LiveSettings;
  floor: FloorHolder | null;
  entries: QueueEntry[];
  /** Pre-flight results per site id. */
  readiness: Record<string, SiteReadiness>;
  openedAt: string | null;
  startedAt: string | null;
  closedAt: string | null;
}

export interface SiteReadiness {
  camera: boolean;
  microphone: boolean;
  /** Round-trip to the media server in ms, or null when it could not be measured. */
  rttMs: number | null;
  quality: 'GOOD' | 'FAIR' | 'POOR' | 'FAILED';
  checkedAt: string;
  checkedBy: string;
}

/** What a client receives after each accepted change: the new session header and the entries that changed. */
export interface LivePatch {
  sessionId: string;
  version: number;
  /** Server clock when the change was made, so countdowns agree across sites. */
  at: string;
  header: Omit<LiveState, 'entries'>;
  entries: QueueEntry[];
}

export interface LiveSnapshot {
  state: LiveState;
  serverTime: string;
}

// ---------------------------------------------------------------------------------------------
// Intents. Each is validated here at the edge; the state machine decides whether it is legal now.
const id = z.string().uuid({ message: t('v.id') });
const text = (max: number, msg: string) => z.string().trim().min(1, msg).max(max, t('v.maxChars', { max }));

export const RegistrationInput = z.object({
  siteId: id,
  citizenName: text(120, t('v.citizenName')),
  petitionType: z.enum(PETITION_TYPES, { message: t('v.petitionType') }),
  field: FieldCode('v.field'),
  subject: z.string().trim().max(200, t('v.maxChars', { max: 200 })).nullable().default(null),
  delegationSize: z.number().int().min(1, t('v.delegationMin')).max(500, t('v.delegationMax')).default(1),
  representative: z.string().trim().max(120).nullable().default(null),
  confidential: z.boolean().default(false),
  /** Registered from an intake of the same site (the hub fills in the rest from it). */
  intakeId: id.nullish().transform((v) => v ?? null),
});
export type RegistrationInput = z.input<typeof RegistrationInput>;

export const LiveCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session.open') }),
  z.object({ type: z.literal('session.start') }),
  z.object({ type: z.literal('session.pause') }),
  z.object({ type: z.literal('session.resume') }),
  z.object({ type: z.literal('session.close') }),
  z.object({
    type: z.literal('session.settings'),
    turnSeconds: z.number().int().min(60, t('v.turnMin')).max(3600, t('v.turnMax')).optional(),
    roundRobin: z.boolean().optional(),
  }),
  z.object({ type: z.literal('entry.register'), entry: RegistrationInput }),
  z.object({ type: z.literal('entry.askFloor'), entryId: id }),
  z.object({ type: z.literal('entry.withdraw'), entryId: id }),
  z.object({ type: z.literal('entry.move'), entryId: id, toIndex: z.number().int().min(0) }),
  z.object({ type: z.literal('entry.priority'), entryId: id, priority: z.enum(PRIORITY_REASONS).nullable() }),
  z.object({ type: z.literal('entry.confidential'), entryId: id, confidential: z.boolean() }),
  z.object({ type: z.literal('entry.skip'), entryId: id }),
  z.object({ type: z.literal('entry.noShow'), entryId: id }),
  z.object({ type: z.literal('entry.requeue'), entryId: id }),
  z.object({ type: z.literal('entry.rename'), entryId: id, citizenName: text(120, t('v.citizenName')) }),
  /** Calls the entry the caller saw as next; refused if someone else already moved it. */
  z.object({ type: z.literal('queue.callNext'), expectedEntryId: id.optional() }),
  z.object({ type: z.literal('queue.call'), entryId: id }),
  z.object({ type: z.literal('floor.give'), entryId: id }),
  z.object({ type: z.literal('floor.handToAgency'), accountId: id }),
  z.object({ type: z.literal('floor.takeBack') }),
  z.object({ type: z.literal('turn.pause') }),
  z.object({ type: z.literal('turn.resume') }),
  z.object({ type: z.literal('turn.addTime'), seconds: z.number().int().min(10).max(600).default(60) }),
  z.object({ type: z.literal('turn.end') }),
  z.object({
    type: z.literal('site.readiness'),
    siteId: id,
    camera: z.boolean(),
    microphone: z.boolean(),
    rttMs: z.number().min(0).max(60_000).nullable(),
  }),
  /**
   * A bridge operator's page lost (false) or regained (true) its connection to the media server: the turn
   * of its own site pauses or resumes, as when LiveKit reports the site gone. A LiveKit node that dies
   * reports nothing (no webhook, and the other nodes still list the lost participants), so the page that
   * was cut off is what notices it.
   */
  z.object({ type: z.literal('site.media'), connected: z.boolean() }),
]);
export type LiveCommand = z.input<typeof LiveCommand>;
export type LiveCommandType = LiveCommand['type'];

export const LiveCommandRequest = z.object({ sessionId: id, command: LiveCommand });
/**
 * `public`: what a public screen (the TV of a meeting room) may show, whatever account opened it: no
 * confidential citizen is named there, not even at that citizen's own site.
 */
export const LIVE_AUDIENCES = ['own', 'public'] as const;
export type LiveAudience = (typeof LIVE_AUDIENCES)[number];
export const LiveSyncRequest = z.object({
  sessionId: id,
  version: z.number().int().min(0).nullable(),
  audience: z.enum(LIVE_AUDIENCES).default('own'),
});

/** The answer to every intent: committed at a version, or refused with a reason a person can read. */
export type CommandResult =
  /**
   * Committed. `patch` is the change as the caller's audience sees it: the caller's page applies it at
   * once, while everyone else hears of it after the media restrictions it needs (the broadcast).
   */
  | { ok: true; version: number; entryId?: string; patch?: LivePatch }
  | { ok: false; error: ApiError };

/** What a reconnecting client gets: the patches it missed, or a snapshot when too far behind. */
export type SyncResult = { kind: 'patches'; patches: LivePatch[]; serverTime: string } | { kind: 'snapshot'; snapshot: LiveSnapshot };

/** Remaining speaking time of a turn in ms (negative when over), derived from stored timestamps only. */
export function remainingMs(entry: Pick<QueueEntry, 'startedAt' | 'pausedAt' | 'pausedMs' | 'allottedSeconds' | 'extraSeconds' | 'endedAt'>, now: number): number {
  if (!entry.startedAt) return (entry.allottedSeconds + entry.extraSeconds) * 1000;
  return (entry.allottedSeconds + entry.extraSeconds) * 1000 - speakingMs(entry, now);
}

/**
 * Whole seconds spoken, pauses excluded, counted down (87.6 s spoken is 87 s): the one rounding rule for the
 * console, the minutes and the documents, so they never disagree by a second.
 */
export function speakingSeconds(entry: Pick<QueueEntry, 'startedAt' | 'pausedAt' | 'pausedMs' | 'endedAt'>, now: number): number {
  return Math.floor(speakingMs(entry, now) / 1000);
}

/** Speaking time so far, pauses excluded. */
export function speakingMs(entry: Pick<QueueEntry, 'startedAt' | 'pausedAt' | 'pausedMs' | 'endedAt'>, now: number): number {
  if (!entry.startedAt) return 0;
  const end = entry.endedAt ? Date.parse(entry.endedAt) : now;
  const runningPause = entry.pausedAt && !entry.endedAt ? end - Date.parse(entry.pausedAt) : 0;
  return Math.max(0, end - Date.parse(entry.startedAt) - entry.pausedMs - runningPause);
}
