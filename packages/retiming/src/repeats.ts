/**
 * Repeated source frames (a held picture: old film padded to a higher rate by repeating
 * frames). Retiming treats them as missing: output frames between two distinct frames are
 * made from those two, at their true positions. Frame 0 is never a repeat.
 */
export interface Repeats {
  /** True when source frame `i` repeats the frame before it. */
  isRepeat(i: number): boolean;
  /** The distinct frame `i` shows: `i` itself, or the frame its run of repeats holds. */
  keyAtOrBefore(i: number): number;
  /** The first distinct frame after `i`, or undefined when only repeats follow up to `sourceFrames`. */
  keyAfter(i: number, sourceFrames: number): number | undefined;
}

/** No frame repeats. */
export const NO_REPEATS: Repeats = {
  isRepeat: () => false,
  keyAtOrBefore: (i) => i,
  keyAfter: (i, sourceFrames) => (i + 1 < sourceFrames ? i + 1 : undefined),
};

/** A run of repeated frames: [start, end). */
interface Run {
  readonly start: number;
  readonly end: number;
}

/**
 * The lookup of a set of repeated frame indices (any order, duplicates ignored), by binary
 * search over their runs.
 *
 * @throws RangeError when frame 0 or a negative or fractional index is listed.
 */
export function repeatLookup(indices: readonly number[]): Repeats {
  if (indices.length === 0) return NO_REPEATS;
  const runs = toRuns(indices);
  const runOf = (i: number): Run | undefined => {
    let [low, high] = [0, runs.length - 1];
    while (low <= high) {
      const middle = (low + high) >> 1;
      const run = runs[middle]!;
      if (i < run.start) high = middle - 1;
      else if (i >= run.end) low = middle + 1;
      else return run;
    }
    return undefined;
  };
  return {
    isRepeat: (i) => runOf(i) !== undefined,
    keyAtOrBefore: (i) => (runOf(i)?.start ?? i + 1) - 1,
    keyAfter: (i, sourceFrames) => {
      const next = runOf(i + 1)?.end ?? i + 1;
      return next < sourceFrames ? next : undefined;
    },
  };
}

function toRuns(indices: readonly number[]): Run[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  if (sorted.some((i) => !Number.isInteger(i) || i < 1))
    throw new RangeError('repeated frames are integers ≥ 1 (frame 0 has nothing to repeat)');
  const runs: Array<{ start: number; end: number }> = [];
  for (const i of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.end === i) last.end = i + 1;
    else runs.push({ start: i, end: i + 1 });
  }
  return runs;
}

/** The repeats in runs that hold a frame of [start, end], each run whole. */
export function repeatsNear(indices: readonly number[], start: number, end: number): number[] {
  const runs = toRuns(indices);
  return runs
    .filter((run) => run.end > start && run.start <= end)
    .flatMap((run) => Array.from({ length: run.end - run.start }, (_, k) => run.start + k));
}
