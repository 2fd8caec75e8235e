// What each screen receives from the media server, decided from the live session's state (who holds the
// floor, which site hosts), never from a page's own guess such as "who seems to be talking". A session can
// link 126 bridge points: if every page took every site's video the server would forward about 16,000
// streams, so each screen takes only what it shows. Pure, so it is unit-tested and the load benchmark
// subscribes its simulated bridges by the very same rule.
import type { Role, SiteKind } from '$protocol';

/**
 * - `console`: the host office's chair and moderator: the speaker large, every other site as a paged grid
 *   of thumbnails.
 * - `focus`: a bridge point (and anyone else who follows the hearing): the host office and the speaker,
 *   the other sites only on request, a small page at a time.
 * - `display`: a room's TV: the host office and the speaker, nothing else.
 */
export type MediaView = 'console' | 'focus' | 'display';
/** The simulcast layer asked for: thumbnails take the lowest, so a page of 12 costs less than one speaker. */
export type VideoLayer = 'high' | 'low';

export const CONSOLE_PAGE_SIZE = 12;
export const FOCUS_PAGE_SIZE = 4;

export interface PlanParticipant {
  identity: string;
  siteId: string;
  siteCode: string;
  siteKind: SiteKind | null;
  role: Role | null;
  name: string;
  isLocal: boolean;
  /** A camera is published (and not muted), whether or not this page receives it. */
  cameraOn: boolean;
}

export interface PlanInput {
  view: MediaView;
  participants: readonly PlanParticipant[];
  /** The site holding the floor in the live state, or null between turns. */
  floorSiteId: string | null;
  /** The speaker's picture must not be shown here (a confidential citizen on a public TV). */
  hideSpeaker?: boolean;
  /** This page's own site: a TV never plays its own room's sound back into it. */
  ownSiteId: string;
  /** 1-based page of the grid (console) or of the other sites (focus). */
  page: number;
  /** Focus only: the person asked to see the other sites too. */
  showOthers?: boolean;
}

export interface Want {
  video: VideoLayer | null;
  audio: boolean;
}

export interface MediaPlan {
  /** Shown large: the floor's site. */
  spotlight: string | null;
  /** Shown as tiles besides the spotlight, in this order. */
  tiles: string[];
  /** What to receive of each remote participant; anyone absent here is received not at all. */
  wants: Map<string, Want>;
  page: number;
  pages: number;
  /** How many participants the pages hold over all pages (0 when there is nothing to page through). */
  paged: number;
}

const ROLE_RANK: Partial<Record<Role, number>> = { CHAIR: 0, MODERATOR: 1, BRIDGE_OPERATOR: 2, SECRETARY: 3, AGENCY_REP: 4 };

/** Host office first, then sites by code, so every screen and every page shows the same order. */
export function compareParticipants(a: PlanParticipant, b: PlanParticipant): number {
  const host = Number(b.siteKind === 'HOST_OFFICE') - Number(a.siteKind === 'HOST_OFFICE');
  return host || a.siteCode.localeCompare(b.siteCode) || a.name.localeCompare(b.name, 'vi') || a.identity.localeCompare(b.identity);
}

/** The one picture that stands for a site: someone with a camera, the chair before the moderator, and so on. */
export function mainOf(participants: readonly PlanParticipant[], siteId: string | null): PlanParticipant | null {
  if (!siteId) return null;
  const rank = (p: PlanParticipant) => (p.role ? (ROLE_RANK[p.role] ?? 9) : 9);
  const candidates = participants.filter((p) => p.siteId === siteId);
  candidates.sort((a, b) => Number(b.cameraOn) - Number(a.cameraOn) || rank(a) - rank(b) || a.identity.localeCompare(b.identity));
  return candidates[0] ?? null;
}

function hostSiteOf(participants: readonly PlanParticipant[]): string | null {
  return participants.find((p) => p.siteKind === 'HOST_OFFICE')?.siteId ?? null;
}

function pageOf<T>(list: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: list.slice((current - 1) * size, current * size), page: current, pages };
}

export function mediaPlan(input: PlanInput): MediaPlan {
  const all = [...input.participants].sort(compareParticipants);
  const hostSiteId = hostSiteOf(all);
  const floorSiteId = input.floorSiteId;
  const wants = new Map<string, Want>();
  const want = (p: PlanParticipant | null | undefined, video: VideoLayer | null) => {
    if (!p || p.isLocal) return;
    const before = wants.get(p.identity);
    // A participant shown twice (never, but cheaply safe) keeps the better layer.
    const layer = before?.video === 'high' || video === 'high' ? 'high' : (before?.video ?? video);
    wants.set(p.identity, { video: layer, audio: before?.audio ?? false });
  };
  // Sound: the host office and the floor's site, whoever of them speaks; a closed microphone publishes
  // nothing, so this costs nothing between turns. A TV never plays its own room back into it.
  const hear = (p: PlanParticipant) => {
    if (p.isLocal) return;
    if (input.view === 'display' && p.siteId === input.ownSiteId) return;
    wants.set(p.identity, { video: wants.get(p.identity)?.video ?? null, audio: true });
  };

  const speaker = input.hideSpeaker ? null : mainOf(all, floorSiteId);
  const host = mainOf(all, hostSiteId);

  if (input.view === 'display') {
    want(host, 'high');
    const spotlight = speaker && speaker !== host ? speaker : null;
    want(spotlight, 'high');
    for (const p of all) if (p.siteId === hostSiteId || (floorSiteId && p.siteId === floorSiteId)) hear(p);
    return { spotlight: spotlight?.identity ?? null, tiles: host ? [host.identity] : [], wants, page: 1, pages: 1, paged: 0 };
  }

  if (input.view === 'console') {
    want(speaker, 'high');
    const rest = all.filter((p) => p !== speaker);
    const { items, page, pages } = pageOf(rest, input.page, CONSOLE_PAGE_SIZE);
    for (const p of items) want(p, 'low');
    for (const p of all) if (p.siteId === hostSiteId || (floorSiteId && p.siteId === floorSiteId) || items.includes(p)) hear(p);
    return { spotlight: speaker?.identity ?? null, tiles: items.map((p) => p.identity), wants, page, pages, paged: rest.length };
  }

  // focus: this page's own picture, the host office and the speaker; the others a small page at a time.
  want(speaker, 'high');
  const fixed = [host, ...all.filter((p) => p.isLocal)].filter((p): p is PlanParticipant => p !== null && p !== speaker);
  const unique = [...new Set(fixed)];
  for (const p of unique) want(p, 'high');
  const rest = all.filter((p) => p !== speaker && !unique.includes(p));
  const { items, page, pages } = input.showOthers ? pageOf(rest, input.page, FOCUS_PAGE_SIZE) : { items: [], page: 1, pages: Math.max(1, Math.ceil(rest.length / FOCUS_PAGE_SIZE)) };
  for (const p of items) want(p, 'low');
  for (const p of all) if (p.siteId === hostSiteId || (floorSiteId && p.siteId === floorSiteId) || items.includes(p)) hear(p);
  const tiles = [...unique, ...items].sort(compareParticipants).map((p) => p.identity);
  return { spotlight: speaker?.identity ?? null, tiles, wants, page, pages, paged: rest.length };
}
