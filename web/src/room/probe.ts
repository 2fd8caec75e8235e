// A bridge point's pre-flight check, measured on the real devices and the real connection: is the camera
// delivering, does the microphone hear the room, how long a round trip to the media server takes.
import {
  createAudioAnalyser,
  createLocalAudioTrack,
  createLocalVideoTrack,
  LocalAudioTrack,
  Track,
  type LocalVideoTrack,
  type Room,
} from 'livekit-client';

export interface ProbeResult {
  camera: boolean;
  microphone: boolean;
  /** Null when it could not be measured. */
  rttMs: number | null;
}

/** A microphone that hears nothing for this long is reported as not working. */
const LISTEN_MS = 3000;
const SAMPLE_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isLive = (track: MediaStreamTrack | undefined) => track?.readyState === 'live' && track.enabled;

export async function probeMedia(room: Room): Promise<ProbeResult> {
  const [camera, microphone, rttMs] = await Promise.all([cameraLive(room), microphoneHears(room), roundTrip(room)]);
  return { camera, microphone, rttMs };
}

async function cameraLive(room: Room): Promise<boolean> {
  const published = room.localParticipant.getTrackPublication(Track.Source.Camera)?.track;
  if (published && !published.isMuted) return isLive(published.mediaStreamTrack);
  // Camera off: open it briefly, so the check says whether it would work, not whether it is on.
  let temporary: LocalVideoTrack | undefined;
  try {
    temporary = await createLocalVideoTrack();
    return isLive(temporary.mediaStreamTrack);
  } catch {
    return false;
  } finally {
    temporary?.stop();
  }
}

async function microphoneHears(room: Room): Promise<boolean> {
  const published = room.localParticipant.getTrackPublication(Track.Source.Microphone)?.track;
  // Outside its turn a bridge's microphone is not published (the floor opens it); a local track still tells
  // whether the device hears the room, without anyone else hearing it.
  let temporary: LocalAudioTrack | undefined;
  try {
    const track = published instanceof LocalAudioTrack && !published.isMuted ? published : (temporary = await createLocalAudioTrack());
    if (!isLive(track.mediaStreamTrack)) return false;
    const meter = createAudioAnalyser(track, { cloneTrack: true });
    try {
      const context = meter.analyser.context;
      if (context instanceof AudioContext) await context.resume().catch(() => {});
      const until = Date.now() + LISTEN_MS;
      while (Date.now() < until) {
        if (meter.calculateVolume() > 0) return true;
        await sleep(SAMPLE_MS);
      }
      return false;
    } finally {
      void meter.cleanup().catch(() => {});
    }
  } catch {
    return false;
  } finally {
    temporary?.stop();
  }
}

/** The signalling connection's own measurement when it has one; otherwise one timed request to our server. */
async function roundTrip(room: Room): Promise<number | null> {
  const signal = room.engine?.client?.rtt;
  if (typeof signal === 'number' && signal > 0) return Math.round(signal);
  try {
    const started = performance.now();
    const response = await fetch('/api/health', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) return null;
    return Math.round(performance.now() - started);
  } catch {
    return null;
  }
}
