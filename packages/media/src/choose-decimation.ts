/**
 * The source frames to drop after field matching a telecined source: per cycle of `cycle`
 * consecutive frames from frame 0, the one most like its predecessor (the smallest of
 * `diffs`, each frame's difference to the frame before it; frame 0 has no predecessor and
 * is never dropped). 3:2 pulldown field-matched repeats one frame in every 5, so any 5
 * consecutive frames hold one repeat, whatever the phase. The last, partial cycle loses a
 * frame only when it clearly holds a repeat: its smallest difference is nearer the full
 * cycles' repeats (their median) than their other frames (a quarter of the way from one
 * to the other). Returns the dropped frames in order.
 */
export function chooseDecimation(diffs: readonly number[], cycle = 5): number[] {
  if (!Number.isInteger(cycle) || cycle < 2)
    throw new RangeError(`cycle must be an integer ≥ 2, got ${cycle}`);
  const dropped: number[] = [];
  const repeats: number[] = [];
  const others: number[] = [];
  const full = Math.floor(diffs.length / cycle) * cycle;
  for (let start = 0; start < full; start += cycle) {
    const drop = mostAlike(diffs, start, start + cycle);
    dropped.push(drop);
    for (let n = Math.max(1, start); n < start + cycle; n += 1)
      (n === drop ? repeats : others).push(diffs[n]!);
  }
  if (full < diffs.length && repeats.length > 0) {
    const drop = mostAlike(diffs, full, diffs.length);
    const [repeat, other] = [median(repeats), median(others)];
    if (drop > 0 && diffs[drop]! <= repeat + (other - repeat) / 4) dropped.push(drop);
  }
  return dropped;
}

/** The frame of [from, to) with the smallest difference, frame 0 excluded; the first on a tie. */
function mostAlike(diffs: readonly number[], from: number, to: number): number {
  let best = -1;
  for (let n = Math.max(1, from); n < to; n += 1) {
    if (best < 0 || diffs[n]! < diffs[best]!) best = n;
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}
