// Real LiveKit participants from Node (@livekit/rtc-node), for tests that need media without a browser.
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
  VideoStream,
  type RemoteTrack,
} from '@livekit/rtc-node';
import type { ConnectionDetails } from '../../protocol/index.ts';

export async function joinRoom(details: ConnectionDetails): Promise<Room> {
  const room = new Room();
  await room.connect(details.serverUrl, details.token, { autoSubscribe: true, dynacast: false });
  return room;
}

/** Publishes a 440 Hz tone as the participant's microphone until stopped. */
export function publishTone(room: Room): Promise<() => void> {
  return publishToneAs(room, TrackSource.SOURCE_MICROPHONE);
}

/**
 * Publishes a 440 Hz tone claiming any source, as a modified client could (LiveKit checks the claimed
 * source against the grants, not the track's kind).
 */
export async function publishToneAs(room: Room, claimed: TrackSource): Promise<() => void> {
  const rate = 48000;
  const source = new AudioSource(rate, 1);
  const track = LocalAudioTrack.createAudioTrack(`tone-${claimed}`, source);
  const opts = new TrackPublishOptions();
  opts.source = claimed;
  await room.localParticipant!.publishTrack(track, opts);
  let running = true;
  let phase = 0;
  void (async () => {
    const samples = rate / 100;
    while (running) {
      const data = new Int16Array(samples);
      for (let i = 0; i < samples; i++) data[i] = Math.round(Math.sin((2 * Math.PI * 440 * phase++) / rate) * 8000);
      await source.captureFrame(new AudioFrame(data, rate, 1, samples));
    }
  })();
  return () => {
    running = false;
  };
}

/** Resolves with the peak level (0..1) of the first ~50 frames of audio received from `identity`. */
export function receivedAudioPeak(room: Room, identity: string, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no audio from ${identity} within ${timeoutMs} ms`)), timeoutMs);
    const consume = async (track: RemoteTrack): Promise<void> => {
      let peak = 0;
      let frames = 0;
      for await (const frame of new AudioStream(track)) {
        for (const s of frame.data) peak = Math.max(peak, Math.abs(s) / 32768);
        if (++frames >= 50) break;
      }
      clearTimeout(timer);
      resolve(peak);
    };
    for (const p of room.remoteParticipants.values()) {
      if (p.identity !== identity) continue;
      for (const pub of p.trackPublications.values()) if (pub.track && pub.kind === TrackKind.KIND_AUDIO) void consume(pub.track as RemoteTrack);
    }
    room.on(RoomEvent.TrackSubscribed, (track, _pub, participant) => {
      if (participant.identity === identity && track.kind === TrackKind.KIND_AUDIO) void consume(track);
    });
  });
}

/** Publishes a small synthetic camera (10 fps) until stopped; call again to publish it anew. */
export async function publishCamera(room: Room): Promise<() => void> {
  const W = 160;
  const H = 90;
  const source = new VideoSource(W, H);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_CAMERA;
  const track = LocalVideoTrack.createVideoTrack('camera', source);
  await room.localParticipant!.publishTrack(track, opts);
  const frame = new Uint8Array(W * H * 4);
  let n = 0;
  const timer = setInterval(() => {
    frame.fill((n++ * 8) % 255);
    source.captureFrame(new VideoFrame(frame, W, H, VideoBufferType.RGBA));
  }, 100);
  return () => clearInterval(timer);
}

/**
 * Calls `consume` once for every track of `kind` that `room` receives from `identity`, those subscribed
 * already and those to come, until the returned stop() is called.
 */
function eachTrackFrom(room: Room, identity: string, kind: TrackKind, consume: (track: RemoteTrack, running: () => boolean) => Promise<void>): () => void {
  let running = true;
  const seen = new Set<RemoteTrack>();
  const take = (track: RemoteTrack): void => {
    if (!running || seen.has(track)) return;
    seen.add(track);
    void consume(track, () => running);
  };
  for (const p of room.remoteParticipants.values()) {
    if (p.identity !== identity) continue;
    for (const pub of p.trackPublications.values()) if (pub.track && pub.kind === kind) take(pub.track as RemoteTrack);
  }
  room.on(RoomEvent.TrackSubscribed, (track, _pub, participant) => {
    if (participant.identity === identity && track.kind === kind) take(track);
  });
  return () => {
    running = false;
  };
}

/** The times (Date.now) at which `room` decoded a video frame from `identity`, for as long as it runs. */
export function recordVideoFrames(room: Room, identity: string): { times: number[]; stop(): void } {
  const times: number[] = [];
  const stop = eachTrackFrom(room, identity, TrackKind.KIND_VIDEO, async (track, running) => {
    for await (const _frame of new VideoStream(track)) {
      if (!running()) break;
      times.push(Date.now());
    }
  });
  return { times, stop };
}

/** Every audio frame `room` receives from `identity` as (time, peak level 0..1), for as long as it runs. */
export function recordAudio(room: Room, identity: string): { frames: { t: number; peak: number }[]; stop(): void } {
  const frames: { t: number; peak: number }[] = [];
  const stop = eachTrackFrom(room, identity, TrackKind.KIND_AUDIO, async (track, running) => {
    for await (const frame of new AudioStream(track)) {
      if (!running()) break;
      let peak = 0;
      for (const s of frame.data) peak = Math.max(peak, Math.abs(s) / 32768);
      frames.push({ t: Date.now(), peak });
    }
  });
  return { frames, stop };
}
