// Checks a job output made from a barcode clip (makeClip with `barcode`): every output
// frame must be what DESIGN §2 puts there — a copy of source frame i, or frames i and
// i + 1 blended at exactly τ (the built-in blend model makes the bar levels predictable).
// With repeated frames, the blend is of the distinct frames around the position.
import type { FrameOp } from '@remaster/retiming';
import { createRetiming, frameOp, parseRational, repeatLookup, toNumber } from '@remaster/retiming';
import { decodeOutput } from './decode-frames.js';
import { barLevelsOf, readBarLevels } from './make-clip.js';

/** Largest difference of one bar from its expected level (0–1) that still passes. */
const TOLERANCE = 0.12;

export interface BarcodeJob {
  /** Source frames and rate, e.g. 50 and `'25'`. */
  readonly frames: number;
  readonly fps: string;
  /** Output rate (the source rate when the job only upscales). */
  readonly targetFps: string;
  /** Size of the output frames. */
  readonly width: number;
  readonly height: number;
  /** A hard cut painted at this source frame (makeClip `cutAt`). */
  readonly cutAt?: number;
  /** The numbers the source frames show (makeClip `sequence`); default frame k shows k. */
  readonly sequence?: readonly number[];
  /** Source frames retiming treats as missing (`interpolate.dedupe`). */
  readonly repeats?: readonly number[];
}

/**
 * Decodes the output at `url` and compares every frame with its expected bar levels.
 * Returns undefined when all frames are in place, else what is wrong (count or first frame).
 */
export async function checkBarcodeOutput(
  url: string,
  job: BarcodeJob,
): Promise<string | undefined> {
  const frames = await decodeOutput(url, job.width, job.height);
  const retiming = createRetiming(job.frames, parseRational(job.fps), parseRational(job.targetFps));
  if (frames.length !== retiming.outputFrames)
    return `${frames.length} output frames, expected ${retiming.outputFrames}`;
  const cutAfter = (i: number) => job.cutAt !== undefined && i === job.cutAt - 1;
  const repeats = repeatLookup(job.repeats ?? []);
  const shown = (i: number) => job.sequence?.[i] ?? i;
  for (const [j, frame] of frames.entries()) {
    const op = frameOp(retiming, j, cutAfter, repeats);
    const expected = expectedLevels(op, shown, job.cutAt);
    const actual = readBarLevels(frame, job.width, job.height);
    const worst = Math.max(...actual.map((level, bar) => Math.abs(level - expected[bar]!)));
    if (worst > TOLERANCE)
      return `output frame ${j} should be ${describeOp(op)}; bar levels ${fmt(actual)} vs ${fmt(expected)}`;
  }
  return undefined;
}

/** The bar levels of output frame `op`: a copy, or a blend at τ. */
function expectedLevels(op: FrameOp, shown: (i: number) => number, cutAt?: number): number[] {
  // Frames from cutAt on are inverted (cutAt 0 inverts whatever number is shown).
  const levels = (i: number) =>
    barLevelsOf(shown(i), cutAt !== undefined && i >= cutAt ? 0 : undefined);
  if (op.kind === 'copy') return levels(op.source);
  const t = toNumber(op.t);
  const [a, b] = [levels(op.a), levels(op.b)];
  return a.map((level, bar) => level * (1 - t) + b[bar]! * t);
}

function describeOp(op: FrameOp): string {
  return op.kind === 'copy'
    ? `a copy of source frame ${op.source}`
    : `frames ${op.a}→${op.b} at τ=${op.t.num}/${op.t.den}`;
}

function fmt(levels: number[]): string {
  return levels
    .slice(0, 7)
    .map((v) => v.toFixed(2))
    .join(' ');
}
