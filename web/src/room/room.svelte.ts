// The one wrapper around livekit-client's Room. It turns room events into plain reactive state (connection
// state, one tile per participant, media problems) that the room components render and nothing else.
import {
  ConnectionError,
  ConnectionErrorReason,
  ConnectionState,
  DisconnectReason,
  Room,
  RoomEvent,
  Track,
  VideoQuality,
  type Participant,
} from 'livekit-client';
import type { ApiError, ConnectionDetails, ConnectionRequest } from '$protocol';
import { api, toApiError } from '../lib/api.ts';
import { classifyMediaError, isPermissionRefusal, type MediaProblem } from './media-errors.ts';
import { compareParticipants, type Want } from './media-plan.ts';
import { probeMedia, type ProbeResult } from './probe.ts';
import { TileState } from './tile.svelte.ts';

export type RoomMode = NonNullable<ConnectionRequest['mode']>;

export type RoomState = 'connecting' | 'live' | 'reconnecting' | 'disconnected' | 'unreachable';
/** Why we are not in the room: the server's refusal, or the media server itself. */
export type JoinFailure = { kind: 'api'; error: ApiError } | { kind: 'media-server'; refused: boolean } | { kind: 'removed' };

const LEVEL_SAMPLE_MS = 200;
/** Pauses before each new attempt to get back into the room after the media server was lost. */
const REJOIN_BACKOFF_MS = [1000, 2000, 4000, 8000, 10_000];

const CONNECTION_STATES: Record<ConnectionState, RoomState> = {
  [ConnectionState.Connecting]: 'connecting',
  [ConnectionState.Connected]: 'live',
  [ConnectionState.Reconnecting]: 'reconnecting',
  [ConnectionState.SignalReconnecting]: 'reconnecting',
  [ConnectionState.Disconnected]: 'disconnected',
};

export class RoomManager {
  state = $state<RoomState>('connecting');
  tiles = $state.raw<TileState[]>([]);
  failure = $state.raw<JoinFailure | null>(null);
  mediaProblem = $state<MediaProblem | null>(null);
  canPublish = $state(false);
  /** What the media server lets this participant publish right now; the floor opens and closes the microphone. */
  cameraAllowed = $state(false);
  micAllowed = $state(false);
  /** A room display only watches: no local tile, nothing published. */
  mode = $state<RoomMode>('participant');
  cameraEnabled = $state(false);
  micEnabled = $state(false);
  /** Autoplay policy: remote sound waits for a click on "enable sound". */
  audioBlocked = $state(false);
  /** How many remote cameras and microphones this page asks the media server for (see media-plan.ts). */
  videoReceived = $state(0);
  audioReceived = $state(0);

  #room: Room | null = null;
  // Plain bookkeeping: components read the `tiles` array, which is replaced whenever this map changes.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #tiles = new Map<string, TileState>();
  #levelTimer: ReturnType<typeof setInterval> | undefined;
  /** The person's own choice for the camera; the floor (a confidential turn) may hold it off meanwhile. */
  #wantCamera = true;
  /** Waiting to try again by itself (the media server is down or unreachable). */
  rejoining = $state(false);

  /** Bumped by every join and leave, so a slow join that lost the race cleans up after itself. */
  #attempt = 0;
  /** The room this view wants to be in until it leaves: lost connections are retried towards it. */
  #wanted: { sessionId: string; mode: RoomMode } | null = null;
  #rejoinTimer: ReturnType<typeof setTimeout> | undefined;
  #rejoins = 0;
  /** What the screen shows, by the live state: nothing else is received (the room joins with autoSubscribe off). */
  // Replaced whole, never mutated, and read by no component.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #wants: ReadonlyMap<string, Want> = new Map();

  async join(sessionId: string, mode: RoomMode = this.mode): Promise<void> {
    this.#wanted = { sessionId, mode };
    clearTimeout(this.#rejoinTimer);
    const attempt = ++this.#attempt;
    this.mode = mode;
    const previous = this.#room;
    this.#teardown();
    void previous?.disconnect().catch(() => {});
    this.state = 'connecting';
    this.failure = null;
    this.mediaProblem = null;

    let details: ConnectionDetails;
    try {
      const body: ConnectionRequest = { mode };
      details = await api.post<ConnectionDetails>(`/api/sessions/${encodeURIComponent(sessionId)}/connection`, body);
    } catch (thrown) {
      if (attempt !== this.#attempt) return;
      const error = toApiError(thrown);
      this.failure = { kind: 'api', error };
      this.state = error.code === 'UNAVAILABLE' ? 'unreachable' : 'disconnected';
      // The hub answers UNAVAILABLE while its media server is down (or the hub itself is unreachable).
      if (error.code === 'UNAVAILABLE') this.#scheduleRejoin();
      return;
    }
    if (attempt !== this.#attempt) return;

    const room = new Room({ adaptiveStream: true, dynacast: true });
    this.#room = room;
    this.canPublish = details.canPublish && mode === 'participant';
    this.#listen(room);
    try {
      // Nothing is received until the screen's media plan asks for it: 126 sites must not mean 126 videos.
      await room.connect(details.serverUrl, details.token, { autoSubscribe: false });
    } catch (thrown) {
      void room.disconnect().catch(() => {});
      if (attempt !== this.#attempt) return;
      this.#teardown();
      const refused = thrown instanceof ConnectionError && thrown.reason === ConnectionErrorReason.NotAllowed;
      this.failure = { kind: 'media-server', refused };
      this.state = refused ? 'disconnected' : 'unreachable';
      if (!refused) this.#scheduleRejoin();
      return;
    }
    if (attempt !== this.#attempt) {
      void room.disconnect().catch(() => {});
      return;
    }
    this.state = 'live';
    this.rejoining = false;
    this.#rejoins = 0;
    this.audioBlocked = !room.canPlaybackAudio;
    this.#syncAll();
    this.#applyWants();
    this.#levelTimer = setInterval(() => this.#tiles.forEach((tile) => tile.sampleLevel()), LEVEL_SAMPLE_MS);

    // Publishing is best effort: a bridge without a camera still watches and listens. A bridge's microphone
    // stays off until the server opens it with the floor.
    this.#syncPermissions();
    if (!this.canPublish) return;
    const local = room.localParticipant;
    if (this.cameraAllowed && this.micAllowed) await this.#media(() => local.enableCameraAndMicrophone());
    else if (this.cameraAllowed) await this.#media(() => local.setCameraEnabled(true));
    else if (this.micAllowed) await this.#media(() => local.setMicrophoneEnabled(true));
  }

  /** The hub says its media server answers again: try at once instead of waiting for the next attempt. */
  retryNow(): void {
    if (!this.#wanted || this.state === 'live' || this.state === 'connecting' || !this.rejoining) return;
    void this.join(this.#wanted.sessionId, this.#wanted.mode);
  }

  #scheduleRejoin(): void {
    const wanted = this.#wanted;
    if (!wanted) return;
    clearTimeout(this.#rejoinTimer);
    this.rejoining = true;
    const pause = REJOIN_BACKOFF_MS[Math.min(this.#rejoins++, REJOIN_BACKOFF_MS.length - 1)]!;
    this.#rejoinTimer = setTimeout(() => {
      if (this.#wanted === wanted) void this.join(wanted.sessionId, wanted.mode);
    }, pause);
  }

  /**
   * Receives exactly what the screen shows: each remote camera at the layer asked for, each microphone
   * asked for, and nothing of anyone else. Called again whenever the plan changes; tracks published
   * later follow the same plan.
   */
  receive(wants: ReadonlyMap<string, Want>): void {
    this.#wants = wants;
    this.#applyWants();
  }

  #applyWants(): void {
    const room = this.#room;
    if (!room) return;
    let video = 0;
    let audio = 0;
    for (const participant of room.remoteParticipants.values()) {
      const want = this.#wants.get(participant.identity);
      for (const publication of participant.trackPublications.values()) {
        const layer = publication.source === Track.Source.Camera ? (want?.video ?? null) : null;
        const on = publication.source === Track.Source.Microphone ? want?.audio === true : layer !== null;
        if (publication.isDesired !== on) publication.setSubscribed(on);
        if (layer) publication.setVideoQuality(layer === 'high' ? VideoQuality.HIGH : VideoQuality.LOW);
        if (on && publication.kind === Track.Kind.Video) video += 1;
        if (on && publication.kind === Track.Kind.Audio) audio += 1;
      }
      this.#tiles.get(participant.identity)?.receiving(want?.video ?? null);
    }
    this.videoReceived = video;
    this.audioReceived = audio;
  }

  /** Pre-flight: is the camera live, does the microphone hear anything, how far is the media server. */
  async probe(): Promise<ProbeResult | null> {
    const room = this.#room;
    if (!room || this.state !== 'live') return null;
    return probeMedia(room);
  }

  async leave(): Promise<void> {
    this.#wanted = null;
    clearTimeout(this.#rejoinTimer);
    this.rejoining = false;
    this.#attempt += 1;
    const room = this.#room;
    this.#teardown();
    this.state = 'disconnected';
    await room?.disconnect().catch(() => {});
  }

  async toggleCamera(): Promise<void> {
    const room = this.#room;
    if (!room || !this.canPublish) return;
    const next = !room.localParticipant.isCameraEnabled;
    this.#wantCamera = next;
    await this.#media(() => room.localParticipant.setCameraEnabled(next));
  }

  async toggleMicrophone(): Promise<void> {
    const room = this.#room;
    if (!room || !this.canPublish || !this.micAllowed) return;
    const next = !room.localParticipant.isMicrophoneEnabled;
    await this.#media(() => room.localParticipant.setMicrophoneEnabled(next));
  }

  /** Must run inside a click handler: browsers only let sound start from a user gesture. */
  async startAudio(): Promise<void> {
    this.#tiles.forEach((tile) => tile.resumeAudio());
    await this.#room?.startAudio().catch(() => {});
    this.audioBlocked = this.#room ? !this.#room.canPlaybackAudio : false;
  }

  async #media(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      this.mediaProblem = null;
    } catch (error) {
      if (isPermissionRefusal(error)) this.#syncPermissions();
      else this.mediaProblem = classifyMediaError(error);
    } finally {
      this.#syncLocal();
    }
  }

  #listen(room: Room): void {
    const mine = (handler: () => void) => () => {
      if (room === this.#room) handler();
    };
    const syncOne = (participant: Participant) => {
      if (room !== this.#room) return;
      const tile = this.#tiles.get(participant.identity);
      if (tile) tile.sync();
      else this.#syncAll();
      if (participant.isLocal) this.#syncLocal();
    };

    room
      .on(RoomEvent.ConnectionStateChanged, (state) => {
        if (room === this.#room) this.state = CONNECTION_STATES[state];
      })
      .on(RoomEvent.Reconnecting, mine(() => (this.state = 'reconnecting')))
      .on(RoomEvent.SignalReconnecting, mine(() => (this.state = 'reconnecting')))
      .on(RoomEvent.Reconnected, mine(() => {
        this.state = 'live';
        this.#syncAll();
        this.#applyWants();
      }))
      .on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
        if (room !== this.#room) return;
        this.#teardown();
        this.state = 'disconnected';
        // Removed by the hub (a forbidden publish): the page says why and does not knock again by itself.
        if (reason === DisconnectReason.PARTICIPANT_REMOVED) {
          this.failure = { kind: 'removed' };
          return;
        }
        // Anything else that was not our own leave (the media server died, the network dropped for longer
        // than livekit-client's own reconnection): get back in as soon as the room answers again.
        if (reason !== DisconnectReason.CLIENT_INITIATED) {
          this.failure = { kind: 'media-server', refused: false };
          this.state = 'unreachable';
          this.#scheduleRejoin();
        }
      })
      .on(RoomEvent.ParticipantConnected, mine(() => {
        this.#syncAll();
        this.#applyWants();
      }))
      .on(RoomEvent.ParticipantDisconnected, mine(() => this.#syncAll()))
      .on(RoomEvent.TrackSubscribed, (_track, _pub, participant) => syncOne(participant))
      .on(RoomEvent.TrackUnsubscribed, (_track, _pub, participant) => syncOne(participant))
      .on(RoomEvent.TrackPublished, (_pub, participant) => {
        if (room !== this.#room) return;
        this.#applyWants();
        syncOne(participant);
      })
      .on(RoomEvent.TrackUnpublished, (_pub, participant) => syncOne(participant))
      .on(RoomEvent.TrackMuted, (_pub, participant) => syncOne(participant))
      .on(RoomEvent.TrackUnmuted, (_pub, participant) => syncOne(participant))
      .on(RoomEvent.LocalTrackPublished, (_pub, participant) => syncOne(participant))
      .on(RoomEvent.LocalTrackUnpublished, (_pub, participant) => syncOne(participant))
      // The site may have changed, and with it the tile order.
      .on(RoomEvent.ParticipantAttributesChanged, mine(() => this.#syncAll()))
      .on(RoomEvent.ParticipantNameChanged, (_name, participant) => syncOne(participant))
      .on(RoomEvent.ActiveSpeakersChanged, (speakers) => {
        if (room !== this.#room) return;
        const speaking = speakers.map((p) => p.identity);
        this.#tiles.forEach((tile) => (tile.speaking = speaking.includes(tile.identity)));
      })
      .on(RoomEvent.MediaDevicesError, (error) => {
        if (room === this.#room) this.mediaProblem = classifyMediaError(error);
      })
      .on(RoomEvent.AudioPlaybackStatusChanged, mine(() => (this.audioBlocked = !room.canPlaybackAudio)))
      .on(RoomEvent.ParticipantPermissionsChanged, (_previous, participant) => {
        if (room === this.#room && participant.isLocal) this.#onPermissionsChanged(room);
      });
  }

  /** The floor moved: the microphone opens with it (for everyone to hear) and closes when it goes. */
  #onPermissionsChanged(room: Room): void {
    const hadMic = this.micAllowed;
    const hadCamera = this.cameraAllowed;
    this.#syncPermissions();
    // While joining, join() publishes what the first permissions allow.
    if (!this.canPublish || this.state === 'connecting') return;
    const local = room.localParticipant;
    // The camera was held off (this site's confidential citizen was waiting for the floor) and is allowed again.
    if (this.cameraAllowed && !hadCamera && this.#wantCamera) void this.#media(() => local.setCameraEnabled(true));
    if (this.micAllowed && !hadMic) void this.#media(() => local.setMicrophoneEnabled(true));
    if (!this.micAllowed && local.isMicrophoneEnabled) {
      void local
        .setMicrophoneEnabled(false)
        .catch(() => {})
        .finally(() => this.#syncLocal());
    }
  }

  #syncPermissions(): void {
    const permissions = this.#room?.localParticipant.permissions;
    const allows = (source: Track.Source): boolean => {
      if (!this.canPublish || !permissions?.canPublish) return false;
      const sources = permissions.canPublishSources;
      return sources.length === 0 || sources.some((s) => Track.sourceFromProto(s) === source);
    };
    this.cameraAllowed = allows(Track.Source.Camera);
    this.micAllowed = allows(Track.Source.Microphone);
  }

  /** Reconciles tiles with the room's participants: new ones get a tile, gone ones are cleaned up. */
  #syncAll(): void {
    const room = this.#room;
    if (!room) return;
    const remote = [...room.remoteParticipants.values()];
    // A room display and anyone who only watches (an observer) have no picture of their own to show.
    const present: Participant[] = this.mode === 'display' || !this.canPublish ? remote : [room.localParticipant, ...remote];

    for (const [identity, tile] of this.#tiles) {
      if (!present.some((participant) => participant.identity === identity)) {
        tile.dispose();
        this.#tiles.delete(identity);
      }
    }
    for (const participant of present) {
      const identity = participant.identity;
      const tile = this.#tiles.get(identity);
      if (tile) tile.sync();
      else this.#tiles.set(identity, new TileState(participant));
    }
    this.tiles = [...this.#tiles.values()].sort(compareParticipants);
    this.#syncLocal();
  }

  #syncLocal(): void {
    const local = this.#room?.localParticipant;
    this.cameraEnabled = local?.isCameraEnabled ?? false;
    this.micEnabled = local?.isMicrophoneEnabled ?? false;
    if (local) this.#tiles.get(local.identity)?.sync();
  }

  #teardown(): void {
    clearInterval(this.#levelTimer);
    this.#levelTimer = undefined;
    this.#tiles.forEach((tile) => tile.dispose());
    this.#tiles.clear();
    this.tiles = [];
    this.#room?.removeAllListeners();
    this.#room = null;
    this.cameraEnabled = false;
    this.micEnabled = false;
    this.cameraAllowed = false;
    this.micAllowed = false;
    this.audioBlocked = false;
    this.videoReceived = 0;
    this.audioReceived = 0;
  }
}
