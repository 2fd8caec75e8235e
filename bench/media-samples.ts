// The pictures the load generator publishes: three simulcast layers of VP8, encoded once per machine with
// Debian's `vpxenc` (vpx-tools) from a generated clip, so that the generator replays frames and spends no
// CPU on encoding (the rtc-node generator encoded in-process and crashed at 57 bridges).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../server/src/lifecycle/go-install.ts';

export interface SampleLayer {
  quality: 'low' | 'medium' | 'high';
  width: number;
  height: number;
  kbps: number;
  path: string;
}

export const SAMPLE_FPS = 10;
const SECONDS = 3;

/** LiveKit's own simulcast ladder for a 640×360 camera: a quarter, a half and the whole. */
const LADDER: Omit<SampleLayer, 'path'>[] = [
  { quality: 'low', width: 160, height: 90, kbps: 60 },
  { quality: 'medium', width: 320, height: 180, kbps: 150 },
  { quality: 'high', width: 640, height: 360, kbps: 450 },
];

/** A moving gradient with noise, so the encoder spends its whole budget as a real camera would. */
function clip(width: number, height: number): Buffer {
  const frames = SAMPLE_FPS * SECONDS;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${SAMPLE_FPS}:1 Ip A1:1 C420jpeg\n`);
  const luma = width * height;
  const chroma = (width / 2) * (height / 2);
  const parts: Buffer[] = [header];
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >> 16) & 31;
  };
  for (let f = 0; f < frames; f++) {
    parts.push(Buffer.from('FRAME\n'));
    const y = Buffer.alloc(luma);
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) y[row * width + col] = ((col + row + f * 6) % 200) + noise();
    }
    parts.push(y, Buffer.alloc(chroma, 96 + (f % 30)), Buffer.alloc(chroma, 160 - (f % 30)));
  }
  return Buffer.concat(parts);
}

/** Encodes the layers into `dir` once; later runs reuse them. */
export function ensureSampleLayers(dir: string): SampleLayer[] {
  const vpxenc = onPath('vpxenc');
  fs.mkdirSync(dir, { recursive: true });
  return LADDER.map((layer) => {
    const out = path.join(dir, `camera-${layer.width}x${layer.height}-${layer.kbps}k.ivf`);
    if (!fs.existsSync(out)) {
      if (!vpxenc) throw new Error('The load benchmark needs vpxenc to encode its camera pictures: apt-get install vpx-tools');
      const source = path.join(dir, `clip-${layer.width}x${layer.height}.y4m`);
      fs.writeFileSync(source, clip(layer.width, layer.height));
      // A key frame every second: a subscriber switching layers waits at most that long.
      const run = spawnSync(vpxenc, ['--codec=vp8', '--ivf', '--passes=1', '--rt', '--cpu-used=8', '--end-usage=cbr', `--target-bitrate=${layer.kbps}`, '--lag-in-frames=0', '--error-resilient=1', `--kf-max-dist=${SAMPLE_FPS}`, `--kf-min-dist=${SAMPLE_FPS}`, '-q', '-o', `${out}.part`, source], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`vpxenc failed for ${layer.width}x${layer.height}: ${run.stderr}`);
      fs.renameSync(`${out}.part`, out);
      fs.rmSync(source);
    }
    return { ...layer, path: out };
  });
}
