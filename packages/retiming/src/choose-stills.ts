import type { Rational } from './rational.js';
import { toNumber } from './rational.js';
import type { FrameOp } from './retime.js';
import { createRetiming, frameOp } from './retime.js';

/** An output frame to show beside the source, and the recipe that made it. */
export interface StillChoice {
  readonly outputFrame: number;
  readonly op: FrameOp;
}

export interface ChooseStillsInput {
  readonly sourceFrames: number;
  readonly sourceFps: Rational;
  readonly targetFps: Rational;
  readonly outputFrames: number;
  /** Choose among output frames [outputStart, outputFrames) only (a preview); default 0. */
  readonly outputStart?: number;
  /** First frames of new scenes (a cut lies after frame − 1). */
  readonly sceneCuts: readonly number[];
  /** How many stills; default 3. */
  readonly count?: number;
}

/**
 * Output frames spread over the clip (at 1/4, 1/2, 3/4 for three), the middle one moved
 * to the nearest interpolated frame when the job interpolated any, so the comparison
 * shows what the model made as well as what was copied. Same recipe as the workers'.
 */
export function chooseStills(input: ChooseStillsInput): StillChoice[] {
  const start = input.outputStart ?? 0;
  const span = input.outputFrames - start;
  const count = Math.max(1, Math.min(input.count ?? 3, span));
  const retiming = createRetiming(input.sourceFrames, input.sourceFps, input.targetFps);
  const cutsAfter = new Set(input.sceneCuts.map((frame) => frame - 1));
  const opAt = (j: number) => frameOp(retiming, j, (i) => cutsAfter.has(i));
  const frames = Array.from({ length: count }, (_, k) =>
    Math.min(input.outputFrames - 1, start + Math.floor(((k + 1) * span) / (count + 1))),
  );
  const chosen = [...new Set(frames)].map((j) => ({ outputFrame: j, op: opAt(j) }));
  if (chosen.some((still) => still.op.kind === 'interpolate')) return chosen;
  const middle = Math.floor(chosen.length / 2);
  const interpolated = nearestInterpolated(
    chosen[middle]!.outputFrame,
    { start, end: input.outputFrames },
    opAt,
  );
  if (interpolated && !chosen.some((s) => s.outputFrame === interpolated.outputFrame))
    chosen[middle] = interpolated;
  return chosen.sort((a, b) => a.outputFrame - b.outputFrame);
}

/** The interpolated output frame nearest to `from`, looking at most 1000 frames each way. */
function nearestInterpolated(
  from: number,
  range: { start: number; end: number },
  opAt: (j: number) => FrameOp,
): StillChoice | undefined {
  for (let distance = 0; distance < Math.min(range.end - range.start, 1000); distance += 1) {
    for (const j of [from + distance, from - distance]) {
      if (j < range.start || j >= range.end) continue;
      const op = opAt(j);
      if (op.kind === 'interpolate') return { outputFrame: j, op };
    }
  }
  return undefined;
}

/** The source frame shown beside an output frame: the one copied, or the nearer one blended. */
export function sourceFrameOf(op: FrameOp): number {
  if (op.kind === 'copy') return op.source;
  return toNumber(op.t) < 0.5 ? op.a : op.b;
}
