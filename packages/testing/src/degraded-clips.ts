// Real-looking clips with a known degradation and their clean reference: brightness flicker
// (known per-frame gains) and Gaussian noise (known σ), for deflicker and denoise tests.
import { runProcess } from '@remaster/media';

/** The clip a degraded clip is made from: a video file (a real clip), else testsrc2. */
interface SourceOptions {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  /** A video file to take the first `frames` frames from, scaled; testsrc2 at 25 fps when absent. */
  readonly source?: string;
}

function sourceInput({ width, height, source }: SourceOptions): string[] {
  if (source === undefined) return ['-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}:r=25`];
  return ['-i', source];
}

/** The source's first frames as raw frames of `pixFmt`. */
async function decodeSource(options: SourceOptions, pixFmt: 'rgb24' | 'yuv420p'): Promise<Buffer> {
  const { width, height, frames } = options;
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      ...[
        '-nostdin',
        '-v',
        'error',
        ...sourceInput(options),
        '-map',
        '0:v:0',
        '-frames:v',
        String(frames),
      ],
      ...['-vf', `scale=${width}:${height}:flags=area`, '-fps_mode', 'passthrough'],
      ...['-f', 'rawvideo', '-pix_fmt', pixFmt, 'pipe:1'],
    ],
  });
  return stdout;
}

/** Raw frames to a lossless x264 clip (qp 0, 4:2:0) at 25 fps. */
async function encodeRaw(
  raw: Buffer,
  pixFmt: string,
  options: SourceOptions,
  path: string,
): Promise<void> {
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', pixFmt],
      ...['-s', `${options.width}x${options.height}`, '-framerate', '25', '-i', 'pipe:0'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-qp', '0', '-pix_fmt', 'yuv420p', '-y', path],
    ],
    stdin: raw,
  });
}

/** mulberry32: a small, fast, deterministic generator of uniforms in [0, 1). */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Options for {@link makeFlickerClip}. */
export interface FlickerClipOptions extends SourceOptions {
  readonly path: string;
  /** Gains are drawn uniformly from 1 ± amplitude (default 0.15). */
  readonly amplitude?: number;
  readonly seed?: number;
}

/**
 * A clip whose brightness flickers frame by frame: frame k's R, G and B multiplied by
 * `gains[k]` (deterministic pseudo-random, 1 ± amplitude; clipped at white), encoded
 * lossless. Returns the gains.
 */
export async function makeFlickerClip(options: FlickerClipOptions): Promise<{ gains: number[] }> {
  const { width, height, frames, amplitude = 0.15, seed = 1 } = options;
  const raw = await decodeSource(options, 'rgb24');
  const next = uniforms(seed);
  const gains = Array.from({ length: frames }, () => 1 + amplitude * (2 * next() - 1));
  const size = width * height * 3;
  for (let k = 0; k < raw.length / size; k += 1) {
    for (let i = k * size; i < (k + 1) * size; i += 1)
      raw[i] = Math.min(255, Math.round(raw[i]! * gains[k]!));
  }
  await encodeRaw(raw, 'rgb24', options, options.path);
  return { gains };
}

/** Each frame's mean luma of a video, 0 (black, 16) to 1 (white, 235), from a plain decode. */
export async function meanLuma(url: string): Promise<number[]> {
  const { stdout: probe } = await runProcess({
    command: 'ffprobe',
    args: [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      url,
    ],
  });
  const [width, height] = probe.toString('utf8').trim().split(',').map(Number) as [number, number];
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      '-nostdin',
      '-v',
      'error',
      '-i',
      url,
      '-map',
      '0:v:0',
      '-vf',
      'extractplanes=y',
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
  });
  const size = width * height;
  return Array.from({ length: stdout.length / size }, (_, k) => {
    let sum = 0;
    for (let i = k * size; i < (k + 1) * size; i += 1) sum += stdout[i]!;
    return (sum / size - 16) / 219;
  });
}

/**
 * 8-bit samples with Gaussian noise of σ (on the 0–255 scale) added to every one (Box–Muller
 * on a seeded generator: the same seed, the same noise), rounded and clamped. A new buffer.
 */
export function addGaussianNoise(samples: Uint8Array, sigma: number, seed = 1): Buffer {
  const next = uniforms(seed);
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    out[i] = Math.min(255, Math.max(0, Math.round(samples[i]! + sigma * gauss)));
  }
  return out;
}

/** Options for {@link makeNoisyClip}. */
export interface NoisyClipOptions extends SourceOptions {
  /** The noisy clip. */
  readonly path: string;
  /** Its clean reference: the same frames without the noise. */
  readonly cleanPath: string;
  /** Noise σ on the 0–255 scale, added to Y, U and V alike (default 15). */
  readonly sigma?: number;
  readonly seed?: number;
}

/**
 * A clean clip and the same frames with Gaussian noise of σ on every plane of yuv420p, both
 * lossless: a denoiser's output is compared with the clean one, and a noise estimate of
 * the luma should find σ.
 */
export async function makeNoisyClip(options: NoisyClipOptions): Promise<void> {
  const raw = await decodeSource(options, 'yuv420p');
  await encodeRaw(raw, 'yuv420p', options, options.cleanPath);
  await encodeRaw(
    addGaussianNoise(raw, options.sigma ?? 15, options.seed ?? 1),
    'yuv420p',
    options,
    options.path,
  );
}
