// Repeated frames (old film padded to a higher rate by repeating frames) from one scdet pass.

/**
 * Longest run of repeats treated as padding. A picture held longer (a freeze frame, a title
 * card, a still shot) is content, not padding: bridging it would morph slowly across it.
 */
export const MAX_REPEAT_RUN = 4;

/**
 * Frames n ≥ 1 that repeat frame n − 1: their difference to it (`mafd`, % of full scale, as
 * scdet measures it) is at most `threshold`. Runs longer than `maxRun` are left out whole.
 */
export function findRepeats(
  mafd: readonly number[],
  threshold: number,
  maxRun: number = MAX_REPEAT_RUN,
): number[] {
  const repeats: number[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length <= maxRun) repeats.push(...run);
    run = [];
  };
  for (let frame = 1; frame < mafd.length; frame += 1) {
    if ((mafd[frame] ?? Infinity) <= threshold) run.push(frame);
    else flush();
  }
  flush();
  return repeats;
}
