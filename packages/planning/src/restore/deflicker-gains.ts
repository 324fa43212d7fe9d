/** Options for {@link deflickerGains}. */
export interface DeflickerOptions {
  /** 0 leaves every frame, 1 brings each frame's mean to its neighbourhood's. */
  readonly strength: number;
  /** First frames of new scenes: the smoothing never reaches across one. */
  readonly sceneStarts?: readonly number[];
  /** Frames each side the local brightness is taken over; default 7 (15 frames). */
  readonly radius?: number;
}

/** Gains stay within this factor either way: a flash or a fade is not flicker to undo fully. */
const MAX_GAIN = 2;
/** Frames darker than this (mean luma, 0–1) keep gain 1: there is nothing to even out. */
const DARK = 0.02;

/**
 * Pure: one brightness gain per frame from every frame's mean luma (0–1), planned over the
 * whole source so every chunk applies the same gain to the same frame (chunk-exact by
 * construction). A frame's target is the mean of its neighbours within `radius` frames in
 * the same scene; its gain is (target / mean) raised to `strength`. Flicker, a
 * frame-to-frame change, is removed; a slow change (a fade, a pan into shade) is kept.
 */
export function deflickerGains(means: readonly number[], options: DeflickerOptions): number[] {
  const { strength } = options;
  if (!(strength >= 0 && strength <= 1)) throw new RangeError('strength must be from 0 to 1');
  const radius = options.radius ?? 7;
  const scenes = sceneBounds(means.length, options.sceneStarts ?? []);
  const gains: number[] = [];
  for (const { start, end } of scenes) {
    // Prefix sums make every window's mean O(1).
    const sums = [0];
    for (let i = start; i < end; i += 1) sums.push(sums.at(-1)! + means[i]!);
    for (let i = start; i < end; i += 1) {
      const [from, to] = [Math.max(start, i - radius), Math.min(end, i + radius + 1)];
      const target = (sums[to - start]! - sums[from - start]!) / (to - from);
      gains.push(gainOf(means[i]!, target, strength));
    }
  }
  return gains;
}

function gainOf(mean: number, target: number, strength: number): number {
  if (mean < DARK || target < DARK) return 1;
  const gain = (target / mean) ** strength;
  // Four decimals: finer than a code value of 10-bit video, and short in the payloads.
  return Math.round(Math.min(MAX_GAIN, Math.max(1 / MAX_GAIN, gain)) * 1e4) / 1e4;
}

function sceneBounds(frames: number, starts: readonly number[]): { start: number; end: number }[] {
  const cuts = [...new Set(starts.filter((s) => s > 0 && s < frames))].sort((a, b) => a - b);
  const edges = [0, ...cuts, frames];
  return edges.slice(1).map((end, k) => ({ start: edges[k]!, end }));
}

/** The variance of a list of frame means: the flicker a deflicker reduces. */
export function meanVariance(means: readonly number[]): number {
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  return means.reduce((sum, m) => sum + (m - mean) ** 2, 0) / means.length;
}
