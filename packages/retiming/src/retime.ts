import type { Rational } from './rational.js';
import { divide, rational } from './rational.js';
import type { Repeats } from './repeats.js';
import { NO_REPEATS } from './repeats.js';

/**
 * How source frames map to output frames for a change of rate (DESIGN §2).
 * `ratio` is r_out / r_in; output frame j sits at source position j / ratio.
 */
export interface Retiming {
  readonly sourceFrames: number;
  readonly ratio: Rational;
  readonly outputFrames: number;
}

/** What one output frame is made of. */
export type FrameOp =
  | { readonly kind: 'copy'; readonly source: number }
  | {
      readonly kind: 'interpolate';
      readonly a: number;
      readonly b: number;
      /** Timestep in (0,1) as an exact fraction. */
      readonly t: Rational;
    };

export function createRetiming(
  sourceFrames: number,
  sourceFps: Rational,
  targetFps: Rational,
): Retiming {
  if (!Number.isInteger(sourceFrames) || sourceFrames <= 0) {
    throw new RangeError(`source frame count must be a positive integer, got ${sourceFrames}`);
  }
  const ratio = divide(targetFps, sourceFps);
  return { sourceFrames, ratio, outputFrames: outputFrameCount(sourceFrames, ratio) };
}

/** M = round(N · a / b), halves rounded up, in integers. */
export function outputFrameCount(sourceFrames: number, ratio: Rational): number {
  const twice = 2n * BigInt(sourceFrames) * BigInt(ratio.num) + BigInt(ratio.den);
  return Number(twice / (2n * BigInt(ratio.den)));
}

/** First output frame whose source position is at or after source frame `s`: ceil(s · a / b). */
export function firstOutputAtOrAfter(retiming: Retiming, sourceFrame: number): number {
  const { num, den } = retiming.ratio;
  const scaled = BigInt(sourceFrame) * BigInt(num);
  const ceil = (scaled + BigInt(den) - 1n) / BigInt(den);
  return Math.min(Number(ceil), retiming.outputFrames);
}

/** The output frames owned by source range [start, end): exactly those whose floor(p) lies in it. */
export function outputRange(
  retiming: Retiming,
  start: number,
  end: number,
): { start: number; end: number } {
  const last =
    end >= retiming.sourceFrames ? retiming.outputFrames : firstOutputAtOrAfter(retiming, end);
  return { start: firstOutputAtOrAfter(retiming, start), end: last };
}

/**
 * The recipe for output frame j: p = j · b / a, i = floor(p), τ = p − i.
 * τ = 0 → copy i; a cut after i or i + 1 = N → copy the nearer frame that exists;
 * otherwise interpolate i → i + 1 at τ.
 *
 * With repeated frames (`repeats`), the frames around p are the distinct ones: k = the
 * frame i shows (i, or the frame its run of repeats holds) and l = the first distinct frame
 * after i. p on a distinct frame → copy it; no distinct frame after i → copy i; a cut
 * anywhere from k to l → the rule above on i and i + 1 (repeats are not bridged across
 * scenes); otherwise interpolate k → l at (p − k) / (l − k). With no repeats, k = i and
 * l = i + 1: the same recipes.
 */
export function frameOp(
  retiming: Retiming,
  j: number,
  cutAfter: (i: number) => boolean,
  repeats: Repeats = NO_REPEATS,
): FrameOp {
  const { num, den } = retiming.ratio;
  const scaled = BigInt(j) * BigInt(den);
  const i = Number(scaled / BigInt(num));
  const remainder = Number(scaled % BigInt(num));
  const key = repeats.keyAtOrBefore(i);
  if (remainder === 0 && key === i) return { kind: 'copy', source: i };
  const next = repeats.keyAfter(i, retiming.sourceFrames);
  if (next === undefined) return { kind: 'copy', source: i };
  if (cutBetween(cutAfter, key, next)) {
    if (remainder === 0) return { kind: 'copy', source: i };
    return { kind: 'copy', source: 2 * remainder < num ? i : i + 1 };
  }
  // p − key = (j·den − key·num) / num, over a gap of (next − key) frames.
  const offset = scaled - BigInt(key) * BigInt(num);
  return {
    kind: 'interpolate',
    a: key,
    b: next,
    t: rational(offset, BigInt(next - key) * BigInt(num)),
  };
}

/** A cut after any frame from `from` to `to − 1`. */
function cutBetween(cutAfter: (i: number) => boolean, from: number, to: number): boolean {
  for (let x = from; x < to; x += 1) if (cutAfter(x)) return true;
  return false;
}

/** The lowest source index an output frame reads. */
export function lowestSource(op: FrameOp): number {
  return op.kind === 'copy' ? op.source : op.a;
}
