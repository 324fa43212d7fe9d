// The built-in `mci` against ffmpeg's `minterpolate=mi_mode=mci`, the
// classical interpolator users would otherwise reach for:
//   speed: both make the same interpolated frames of one 360p clip, in
//     interleaved rounds (a busy neighbour slows both alike);
//   quality: both make the middle frame of every vfi_triplets triplet.
// Scene-change detection is off (`scd=none`), so minterpolate interpolates
// every pair, as mci does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@remaster/media';
import * as ort from 'onnxruntime-node';
import type { Interpolator } from '@remaster/inference';
import { buildMotionInterpolator } from '@remaster/onnx-graph';
import { packedToPlanar, psnr } from '@remaster/inference';
import type { Rgb24Image } from '@remaster/inference/testing';
import { readTriplet, sharedDir, tripletPaths } from '@remaster/inference/testing';

const MINTERPOLATE = 'mi_mode=mci:scd=none';

/** A source clip of the speed comparison: `frames` frames of a real video, scaled. */
interface MciClip {
  width: number;
  height: number;
  frames: number;
}

/** Interpolated frames per second of each, medians over `rounds`. */
interface MciSpeed {
  interpolated: number;
  /** Through {@link Interpolator} (rgb24 in and out, the worker's INFERENCE_THREADS default: 1). */
  mciFps: number;
  /** Through {@link Interpolator} on onnxruntime's default threads (one per core), when given. */
  mciDefaultThreadsFps?: number;
  /** The bare graph on float tensors made beforehand, one thread like minterpolate. */
  bareFps: number;
  minterpolateFps: number;
}

/** The inputs of the bare mci graph (A, B [1,3,h,w], a timestep plane) for each pair of consecutive frames, t = ½. */
function pairFeeds(
  frame: (i: number) => Buffer,
  pairs: number,
  clip: MciClip,
): Record<string, ort.Tensor>[] {
  const { width, height } = clip;
  const planar = (i: number) => {
    const data = new Float32Array(3 * width * height);
    packedToPlanar(frame(i), width, height, data, 0);
    return new ort.Tensor('float32', data, [1, 3, height, width]);
  };
  const timestep = new ort.Tensor('float32', new Float32Array(width * height).fill(0.5), [
    1,
    1,
    height,
    width,
  ]);
  return Array.from({ length: pairs }, (_, i) => ({ a: planar(i), b: planar(i + 1), timestep }));
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Doubles the rate of `clip` with minterpolate (whole ffmpeg run, raw yuv420p
 * in, raw out) and makes the same in-between frames with `mci`: frames
 * 0…n−1 at 24 fps to 48 fps give n − 2 interpolated frames, since
 * minterpolate needs the frame after a pair and does not flush at the end.
 */
export async function mciVsMinterpolateSpeed(
  clip: MciClip,
  mci: Interpolator,
  rounds: number,
  mciDefaultThreads?: Interpolator,
): Promise<MciSpeed> {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-mci-'));
  try {
    const yuv = join(dir, 'clip.yuv');
    const video = join(sharedDir, 'media/videos/big_buck_bunny_0_30.webm');
    // 17 s in: a shot between the cuts at 15.7 s and 23.0 s.
    const decode = (format: string, out: string) =>
      runProcess({
        command: 'ffmpeg',
        args: ['-v', 'error', '-ss', '17', '-i', video, '-frames:v', String(clip.frames)].concat([
          '-vf',
          `scale=${clip.width}:${clip.height}`,
          '-pix_fmt',
          format,
          '-f',
          'rawvideo',
          out,
        ]),
      });
    await decode('yuv420p', yuv);
    const rgb = (await decode('rgb24', 'pipe:1')).stdout;
    const size = 3 * clip.width * clip.height;
    const frame = (i: number) => rgb.subarray(i * size, (i + 1) * size);
    const interpolated = clip.frames - 2;
    const args = ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'yuv420p'].concat(
      ['-s', `${clip.width}x${clip.height}`, '-r', '24', '-i', yuv],
      ['-vf', `minterpolate=fps=48:${MINTERPOLATE}`, '-f', 'rawvideo', 'pipe:1'],
    );
    const bare = await ort.InferenceSession.create(buildMotionInterpolator(), {
      graphOptimizationLevel: 'all',
      intraOpNumThreads: 1,
    });
    const feeds = pairFeeds(frame, interpolated, clip);
    await bare.run(feeds[0]!);
    const times = {
      mci: [] as number[],
      mciDefault: [] as number[],
      bare: [] as number[],
      minterpolate: [] as number[],
    };
    const through = async (interpolator: Interpolator, into: number[]) => {
      const started = performance.now();
      for (let i = 0; i < interpolated; i++) {
        await interpolator.interpolate(frame(i), frame(i + 1), 0.5, clip.width, clip.height);
      }
      into.push(performance.now() - started);
    };
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      const { stdout } = await runProcess({ command: 'ffmpeg', args });
      times.minterpolate.push(performance.now() - started);
      const made = stdout.length / ((3 * clip.width * clip.height) / 2);
      if (made !== 2 * interpolated + 1) {
        throw new Error(`minterpolate made ${made} frames, not ${2 * interpolated + 1}`);
      }
      await through(mci, times.mci);
      if (mciDefaultThreads) await through(mciDefaultThreads, times.mciDefault);
      started = performance.now();
      for (const pair of feeds) await bare.run(pair);
      times.bare.push(performance.now() - started);
    }
    await bare.release();
    return {
      interpolated,
      mciFps: (1000 * interpolated) / median(times.mci),
      ...(mciDefaultThreads
        ? { mciDefaultThreadsFps: (1000 * interpolated) / median(times.mciDefault) }
        : {}),
      bareFps: (1000 * interpolated) / median(times.bare),
      minterpolateFps: (1000 * interpolated) / median(times.minterpolate),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * minterpolate's frame halfway between `a` and `b`: A, B, B at 1 fps into
 * minterpolate at 2 fps gives frames at 0, ½ and 1 s (the second B lets it
 * finish the pair). yuv444p keeps the round trip from RGB nearly lossless.
 * The first and last frames are checked to be A and B, so the middle one is
 * the frame at t = ½.
 */
export async function minterpolateMiddle(a: Rgb24Image, b: Rgb24Image): Promise<Buffer> {
  const { width, height } = a;
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`].concat(
      ['-r', '1', '-i', 'pipe:0', '-vf', `format=yuv444p,minterpolate=fps=2:${MINTERPOLATE}`],
      ['-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'],
    ),
    stdin: Buffer.concat([a.data, b.data, b.data]),
  });
  const size = a.data.length;
  if (stdout.length !== 3 * size) {
    throw new Error(`minterpolate made ${stdout.length / size} frames, not 3 (0, ½ and 1 s)`);
  }
  const [first, middle, last] = [0, 1, 2].map((i) => stdout.subarray(i * size, (i + 1) * size));
  for (const [made, source, name] of [
    [first!, a.data, 'A'],
    [last!, b.data, 'B'],
  ] as const) {
    const score = psnr(made, source);
    if (score < 40) throw new Error(`minterpolate's frame at ${name} is not ${name} (${score} dB)`);
  }
  return Buffer.from(middle!);
}

/** Mean PSNR of mci and of minterpolate against the true middle frames of the triplets. */
export async function mciVsMinterpolateQuality(
  mci: Interpolator,
): Promise<{ mci: number; minterpolate: number; perTriplet: [string, number, number][] }> {
  const perTriplet: [string, number, number][] = [];
  for (const entry of tripletPaths) {
    const { a, middle, b } = await readTriplet(entry);
    const ours = await mci.interpolate(a.data, b.data, 0.5, a.width, a.height);
    const theirs = await minterpolateMiddle(a, b);
    perTriplet.push([entry.name, psnr(ours, middle.data), psnr(theirs, middle.data)]);
  }
  const mean = (index: 1 | 2) =>
    perTriplet.reduce((sum, row) => sum + row[index], 0) / perTriplet.length;
  return { mci: mean(1), minterpolate: mean(2), perTriplet };
}
