// Real LiveKit participants from Node (@livekit/rtc-node), for tests that need media without a browser.
import { AudioFrame, AudioSource, AudioStream, LocalAudioTrack, Room, RoomEvent, TrackKind, TrackPublishOptions, TrackSource, type RemoteTrack } from '@livekit/rtc-node';
import type { ConnectionDetails } from '../../protocol/index.ts';

export async function joinRoom(details: ConnectionDetails): Promise<Room> {
  const room = new Room();
  await room.connect(details.serverUrl, details.token, { autoSubscribe: true, dynacast: false });
  return room;
}

/** Publishes a 440 Hz tone as the participant's microphone until stopped. */
export async function publishTone(room: Room): Promise<() => void> {
  const rate = 48000;
  const source = new AudioSource(rate, 1);
  const track = LocalAudioTrack.createAudioTrack('microphone', source);
  const opts = new TrackPublishOptions();
  opts.source = TrackSource.SOURCE_MICROPHONE;
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
