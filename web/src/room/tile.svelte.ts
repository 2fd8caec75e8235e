// One participant's tile as plain reactive state, kept in step with livekit-client by RoomManager.
// It belongs to the room wrapper: components never reach the Participant or its tracks directly.
import {
  createAudioAnalyser,
  isAudioTrack,
  isVideoTrack,
  Track,
  type LocalAudioTrack,
  type LocalVideoTrack,
  type Participant,
  type RemoteAudioTrack,
  type RemoteVideoTrack,
} from 'livekit-client';
import type { Attachment } from 'svelte/attachments';
import { ROLES, SITE_KINDS, type Role, type SiteKind } from '$protocol';
import type { VideoLayer } from './media-plan.ts';

type AudioTrack = LocalAudioTrack | RemoteAudioTrack;
type VideoTrack = LocalVideoTrack | RemoteVideoTrack;
type Analyser = ReturnType<typeof createAudioAnalyser>;

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): T | null {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export class TileState {
  readonly identity: string;
  readonly isLocal: boolean;
  name = $state('');
  siteId = $state('');
  siteCode = $state('');
  siteKind = $state<SiteKind | null>(null);
  role = $state<Role | null>(null);
  accountName = $state('');
  cameraOn = $state(false);
  micOn = $state(false);
  speaking = $state(false);
  /** 0..1, sampled a few times a second from the microphone track. */
  audioLevel = $state(0);
  videoTrack = $state.raw<VideoTrack | null>(null);
  /** The camera layer this page asks for (a remote tile), or null while it receives none. */
  layer = $state<VideoLayer | null>(null);
  /** Remote sound only: playing our own microphone back would echo. */
  playbackTrack = $state.raw<AudioTrack | null>(null);

  readonly #participant: Participant;
  #micTrack: AudioTrack | null = null;
  #analyser: Analyser | null = null;

  constructor(participant: Participant) {
    this.#participant = participant;
    this.identity = participant.identity;
    this.isLocal = participant.isLocal;
    this.sync();
  }

  /** Re-reads everything from the participant; cheap enough to call on every room event. */
  sync(): void {
    const p = this.#participant;
    const attributes = p.attributes;
    this.name = p.name || p.identity;
    this.siteId = attributes.siteId ?? '';
    this.siteCode = attributes.siteCode ?? '';
    this.siteKind = oneOf(SITE_KINDS, attributes.siteKind);
    this.role = oneOf(ROLES, attributes.role);
    this.accountName = attributes.accountName ?? '';
    this.cameraOn = p.isCameraEnabled;
    this.micOn = p.isMicrophoneEnabled;
    this.speaking = p.isSpeaking;

    const camera = p.getTrackPublication(Track.Source.Camera)?.track;
    const video = this.cameraOn && isVideoTrack(camera) ? camera : null;
    if (video !== this.videoTrack) this.videoTrack = video;

    const microphone = p.getTrackPublication(Track.Source.Microphone)?.track;
    this.#setMicTrack(isAudioTrack(microphone) ? microphone : null);
  }

  receiving(layer: VideoLayer | null): void {
    if (layer !== this.layer) this.layer = layer;
  }

  sampleLevel(): void {
    let level = 0;
    if (this.#analyser && this.micOn) {
      try {
        level = Math.min(1, Math.max(0, this.#analyser.calculateVolume()));
      } catch {
        level = 0; // the audio graph can be torn down between ticks
      }
    }
    // Two decimals are plenty for a meter and spare the DOM needless updates.
    const rounded = Math.round(level * 100) / 100;
    if (rounded !== this.audioLevel) this.audioLevel = rounded;
  }

  /** A browser that blocked audio until a click keeps the analyser's context suspended too. */
  resumeAudio(): void {
    const context = this.#analyser?.analyser.context;
    if (context instanceof AudioContext) void context.resume().catch(() => {});
  }

  attachVideo: Attachment<HTMLVideoElement> = (element) => {
    const track = this.videoTrack;
    if (!track) return;
    track.attach(element);
    return () => {
      track.detach(element);
    };
  };

  attachAudio: Attachment<HTMLAudioElement> = (element) => {
    const track = this.playbackTrack;
    if (!track) return;
    track.attach(element);
    return () => {
      track.detach(element);
    };
  };

  dispose(): void {
    this.#setMicTrack(null);
    this.videoTrack = null;
    this.audioLevel = 0;
  }

  #setMicTrack(track: AudioTrack | null): void {
    if (track === this.#micTrack) return;
    void this.#analyser?.cleanup().catch(() => {});
    this.#analyser = null;
    this.#micTrack = track;
    this.playbackTrack = track && !this.isLocal ? track : null;
    if (!track) {
      this.audioLevel = 0;
      return;
    }
    try {
      this.#analyser = createAudioAnalyser(track);
    } catch {
      this.#analyser = null; // no Web Audio: the meter stays at zero, the call itself still works
    }
  }
}
