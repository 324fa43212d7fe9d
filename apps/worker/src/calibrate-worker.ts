// What a worker measures when it starts, before it takes a chunk: each default model on a
// small frame through the same FrameModels the chunks use, and ffmpeg's encoder through the
// same arguments. Quotes price a pipeline nobody has rendered yet from these figures
// (packages/jobs WorkerCalibration), so the first quote of a new fleet is not a guess.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ModelCatalog, ModelSpeed, WorkerCalibration } from '@remaster/jobs';
import { defaultModel } from '@remaster/jobs';
import { buildEncodeArgs } from '@remaster/media';
import type { FrameModels } from '@remaster/render';

/**
 * The source frames the models run on, 16:9 and even: a run's cost is fitted as a fixed
 * part plus a part per pixel from the two (at 640x360, mci's 42.6 ms a frame was predicted
 * 39.8 ms from 192x108 and 384x216 here), so the figures carry to larger frames.
 */
export const CALIBRATION_FRAMES = [
  { width: 192, height: 108 },
  { width: 384, height: 216 },
] as const;
/** Each model runs MIN_RUNS times, then on until this much time has passed, at most MAX_RUNS (after one warm-up run). */
const MODEL_SECONDS = 0.25;
const MIN_RUNS = 3;
const MAX_RUNS = 8;
/** Frames of the two encodes whose difference is the per-frame cost. */
const ENCODE_FRAMES = [2, 26] as const;

/** The models to measure: the ones a job naming none gets (defaultModel of @remaster/jobs). */
export interface CalibrationModels {
  readonly sr: ReadonlyArray<{ readonly id: string; readonly factor: number }>;
  readonly vfi: readonly string[];
}

/** The default model of each operation in `catalog`: ×2 and ×4 upscaling, interpolation. */
export function calibrationModels(catalog: ModelCatalog): CalibrationModels {
  return {
    sr: [2, 4].map((factor) => ({ id: defaultModel('sr', factor, catalog), factor })),
    vfi: [defaultModel('vfi', 1, catalog)],
  };
}

/** Measures the models and the encoder; a model that fails to run is left out. */
export async function calibrateWorker(
  models: Pick<FrameModels, 'upscaler' | 'interpolator'>,
  which: CalibrationModels,
  logger?: { warn(obj: object, msg: string): void },
): Promise<WorkerCalibration> {
  const sizes = CALIBRATION_FRAMES.map(({ width, height }) => ({
    width,
    height,
    frame: syntheticFrame(width, height, 0),
    next: syntheticFrame(width, height, 3),
  }));
  const speeds: ModelSpeed[] = [];
  const measure = async (
    id: string,
    kind: 'sr' | 'vfi',
    factor: number,
    run: (size: (typeof sizes)[number]) => Promise<unknown>,
  ) => {
    try {
      const points = [];
      for (const size of sizes)
        points.push({
          pixels: size.width * size.height * factor * factor,
          seconds: await timeRuns(() => run(size)),
        });
      speeds.push({ id, kind, ...fitRunCost(points) });
    } catch (error) {
      logger?.warn(
        { err: error, model: id },
        'calibration: the model did not run; quotes estimate it',
      );
    }
  };
  for (const { id, factor } of which.sr) {
    const upscaler = await models.upscaler(id, factor, 'rgb24');
    await measure(id, 'sr', factor, (size) =>
      upscaler.upscale(size.frame, size.width, size.height),
    );
  }
  for (const id of which.vfi) {
    const interpolator = await models.interpolator(id, 'rgb24');
    await measure(id, 'vfi', 1, (size) =>
      interpolator.interpolate(size.frame, size.next, 0.5, size.width, size.height),
    );
  }
  const largest = CALIBRATION_FRAMES[CALIBRATION_FRAMES.length - 1]!;
  const encode = await measureEncoder(largest.width * 2, largest.height * 2);
  return { frames: CALIBRATION_FRAMES.map((f) => ({ ...f })), models: speeds, ...encode };
}

/** The line through the smallest and the largest size: a fixed part and a part per pixel. */
export function fitRunCost(
  points: ReadonlyArray<{ pixels: number; seconds: number }>,
): Pick<ModelSpeed, 'baseSeconds' | 'secondsPerOutputPixel'> {
  const small = points[0]!;
  const large = points[points.length - 1]!;
  const perPixel =
    large.pixels > small.pixels
      ? Math.max(0, (large.seconds - small.seconds) / (large.pixels - small.pixels))
      : 0;
  // Noise can make the small size look slower: then the cost is all per pixel.
  const secondsPerOutputPixel = perPixel > 0 ? perPixel : large.seconds / large.pixels;
  return {
    baseSeconds: Math.max(0, small.seconds - secondsPerOutputPixel * small.pixels),
    secondsPerOutputPixel,
  };
}

/**
 * The fastest of a few runs, after a warm-up run (first runs allocate and plan): the
 * fastest is what the model costs, the others what else the machine was doing (a worker
 * calibrates while the other roles start).
 */
async function timeRuns(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  const started = performance.now();
  while (
    times.length < MIN_RUNS ||
    (times.length < MAX_RUNS && performance.now() - started < MODEL_SECONDS * 1000)
  ) {
    const t = performance.now();
    await run();
    times.push((performance.now() - t) / 1000);
  }
  return Math.max(1e-6, Math.min(...times));
}

/** libx264 at the default CRF, as chunks encode: the start-up cost and the cost per pixel. */
async function measureEncoder(
  width: number,
  height: number,
): Promise<Pick<WorkerCalibration, 'codecPixelsPerSecond' | 'chunkOverheadSeconds'>> {
  const [few, many] = ENCODE_FRAMES;
  const frame = syntheticFrame(width, height, 1);
  const short = await timeEncode(frame, width, height, few);
  const long = await timeEncode(frame, width, height, many);
  const perFrame = Math.max(1e-6, (long - short) / (many - few));
  return {
    codecPixelsPerSecond: Math.round((width * height) / perFrame),
    // A chunk starts a decoder and an encoder.
    chunkOverheadSeconds: round(2 * Math.max(0, short - few * perFrame)),
  };
}

function timeEncode(frame: Buffer, width: number, height: number, frames: number): Promise<number> {
  const args = buildEncodeArgs({
    width,
    height,
    fps: { num: 25, den: 1 },
    outputPath: '-',
    codec: 'h264',
    crf: 18,
  }).map((arg, i, all) => (arg === 'mp4' && all[i - 1] === '-f' ? 'null' : arg));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.stdin.on('error', () => undefined);
    child.once('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`calibration encode exited ${code}`)),
    );
    for (let i = 0; i < frames; i++) child.stdin.write(frame);
    child.stdin.end();
  });
}

/** A smooth gradient with some texture, shifted by `shift` pixels (packed rgb24). */
function syntheticFrame(width: number, height: number, shift: number): Buffer {
  const frame = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const u = x + shift;
      frame[i] = (u * 255) / width;
      frame[i + 1] = (y * 255) / height;
      frame[i + 2] = ((u >> 3) + (y >> 3)) % 2 ? 200 : 60;
    }
  return frame;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
