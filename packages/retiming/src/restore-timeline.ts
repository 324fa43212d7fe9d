import type { Rational } from './rational.js';
import { multiply, rational } from './rational.js';

/**
 * The frames the restoration makes from the source, in order (DESIGN §10): each source
 * frame gives `outputsPerFrame` restored frames (2 when each field becomes a frame), except
 * the source frames an inverse telecine drops (after its field matching, the duplicate of
 * each 3:2 cycle). Retiming and chunking work on these frames; decoding and its digests on
 * the source's. Pure, shared by the planner and the worker.
 */
export interface RestoreTimeline {
  readonly sourceFrames: number;
  readonly outputsPerFrame: 1 | 2;
  /** Source frames dropped, ascending (inverse telecine); none otherwise. */
  readonly dropped: readonly number[];
  /** The decimation's cycle (5 for 3:2 pulldown) when frames are dropped. */
  readonly cycle?: number;
}

export function restoreTimeline(input: {
  sourceFrames: number;
  outputsPerFrame?: 1 | 2;
  dropped?: readonly number[];
  cycle?: number;
}): RestoreTimeline {
  const dropped = [...(input.dropped ?? [])].sort((a, b) => a - b);
  const outputsPerFrame = input.outputsPerFrame ?? 1;
  if (
    dropped.some(
      (d, k) => !Number.isInteger(d) || d < 0 || d >= input.sourceFrames || d === dropped[k - 1],
    )
  )
    throw new RangeError('dropped frames must be distinct source frame indices');
  if (dropped.length > 0 && outputsPerFrame !== 1)
    throw new RangeError('an inverse telecine makes one frame per source frame');
  if (dropped.length >= input.sourceFrames)
    throw new RangeError('a restoration must keep at least one frame');
  return {
    sourceFrames: input.sourceFrames,
    outputsPerFrame,
    dropped,
    ...(dropped.length > 0 && { cycle: input.cycle ?? 5 }),
  };
}

/** How many restored frames there are. */
export function restoredFrameCount(timeline: RestoreTimeline): number {
  return (timeline.sourceFrames - timeline.dropped.length) * timeline.outputsPerFrame;
}

/** The restored frames' rate: ×2 for fields, × (cycle − 1)/cycle for a decimation (30000/1001 → 24000/1001). */
export function restoredRate(fps: Rational, timeline: RestoreTimeline): Rational {
  const perFrame = multiply(fps, rational(timeline.outputsPerFrame, 1));
  const cycle = timeline.cycle;
  return cycle === undefined ? perFrame : multiply(perFrame, rational(cycle - 1, cycle));
}

/** How many dropped frames lie before source frame `source`. */
function droppedBefore(timeline: RestoreTimeline, source: number): number {
  const { dropped } = timeline;
  let [low, high] = [0, dropped.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (dropped[middle]! < source) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The restored index of the first frame source frame `source` gives (or, when it is
 * dropped, of the next kept one); `restoredFrameCount` past the end.
 */
export function firstRestoredOf(timeline: RestoreTimeline, source: number): number {
  return (source - droppedBefore(timeline, source)) * timeline.outputsPerFrame;
}

/** The source frame restored frame `restored` is made from. */
export function sourceOfRestored(timeline: RestoreTimeline, restored: number): number {
  if (!Number.isInteger(restored) || restored < 0 || restored >= restoredFrameCount(timeline))
    throw new RangeError(
      `restored frame ${restored} is outside 0 … ${restoredFrameCount(timeline) - 1}`,
    );
  const kept = Math.floor(restored / timeline.outputsPerFrame);
  // The kept-th source frame that is not dropped: skip the drops at or before it.
  let source = kept;
  for (const drop of timeline.dropped) {
    if (drop <= source) source += 1;
    else break;
  }
  return source;
}

/** Whether the timeline is the source's own frames (nothing doubled or dropped). */
export function isIdentityTimeline(timeline: RestoreTimeline): boolean {
  return timeline.outputsPerFrame === 1 && timeline.dropped.length === 0;
}

/**
 * What one chunk decodes for restored frames [start, end): the source frames they come
 * from widened by the filters' context (`before`, `after`, clamped to the source), the
 * restored index of the first frame the widened range gives, and the drops inside it.
 */
export function sourceSpan(
  timeline: RestoreTimeline,
  restored: { start: number; end: number },
  context: { before: number; after: number },
): { sourceStart: number; sourceEnd: number; firstRestored: number; dropped: number[] } {
  const first = sourceOfRestored(timeline, restored.start);
  const last = sourceOfRestored(timeline, restored.end - 1);
  const sourceStart = Math.max(0, first - context.before);
  const sourceEnd = Math.min(timeline.sourceFrames, last + 1 + context.after);
  return {
    sourceStart,
    sourceEnd,
    firstRestored: firstRestoredOf(timeline, sourceStart),
    dropped: timeline.dropped.filter((d) => d >= sourceStart && d < sourceEnd),
  };
}
