/**
 * Where a reader of source frames may start decoding (DESIGN §2, decode integrity). A
 * container's keyframes are a hint, not a truth: a decode from one may not give the
 * source's own frames (an open GOP's leading pictures reference the GOP before), so every
 * frame read is checked against the planner's digests and, on a mismatch, the read starts
 * again from an earlier entry, down to the first frame: a sequential decode, which is
 * what the digests were taken from.
 */

/** How many keyframes before a chunk its payload lists to fall back to. */
export const FALLBACK_KEYFRAMES = 2;

/** Pure: the keyframes before `start`, nearest first, at most `count` (display order indices). */
export function fallbackKeyframes(
  keyframes: readonly number[],
  start: number,
  count: number = FALLBACK_KEYFRAMES,
): number[] {
  const before: number[] = [];
  for (let k = keyframes.length - 1; k >= 0 && before.length < count; k -= 1) {
    const frame = keyframes[k]!;
    if (frame < start && frame > 0) before.push(frame);
  }
  return before;
}

/**
 * Pure: the frames to start decoding from, in the order to try them: `start` itself (the
 * demuxer picks the keyframe), then each fallback keyframe, then frame 0.
 */
export function decodeEntries(start: number, fallbacks: readonly number[] = []): number[] {
  const entries = [start, ...fallbacks.filter((frame) => frame < start), 0];
  return [...new Set(entries)].sort((a, b) => b - a);
}
