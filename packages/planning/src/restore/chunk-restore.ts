import type { ChunkPayload, StitchPayload } from '@remaster/jobs';
import { stillKey } from '@remaster/storage';
import type { Rational } from '@remaster/retiming';
import { isIdentityTimeline, sourceOfRestored, sourceSpan } from '@remaster/retiming';
import type { RestorePlan } from './plan-restore.js';

/** Whether the plan changes any frame: otherwise chunks decode the source as before. */
export function restoresFrames(plan: RestorePlan | undefined): plan is RestorePlan {
  return (
    plan !== undefined &&
    (!isIdentityTimeline(plan.timeline) ||
      plan.filter !== undefined ||
      plan.gains !== undefined ||
      plan.models.length > 0)
  );
}

/**
 * Pure: the restore part of one chunk's payload (DESIGN §10). The chunk's restored frames
 * [decodeStart, decodeEnd) come from a span of source frames, widened by the filters'
 * context so the frames it keeps are those one decode of the whole source gives; the
 * frames before and after are decoded through the filters and dropped.
 */
export function chunkRestore(
  plan: RestorePlan,
  restored: { readonly decodeStart: number; readonly decodeEnd: number; readonly index: number },
  context: {
    readonly jobId: string;
    readonly sourceFps: Rational;
    readonly stills: NonNullable<StitchPayload['stillSources']>;
    readonly firstChunkOf: (restoredFrame: number) => number;
  },
): NonNullable<ChunkPayload['restore']> {
  const { timeline } = plan;
  const span = sourceSpan(
    timeline,
    { start: restored.decodeStart, end: restored.decodeEnd },
    plan.context,
  );
  const gains = plan.gains;
  // Each restored still is written by the first chunk that decodes its frame.
  const stills = context.stills.flatMap(({ restoredFrame, outputFrame }) =>
    restoredFrame !== undefined &&
    outputFrame !== undefined &&
    context.firstChunkOf(restoredFrame) === restored.index
      ? [{ frame: restoredFrame, key: stillKey(context.jobId, outputFrame, 'restored') }]
      : [],
  );
  return {
    ...(plan.filter !== undefined && { filter: plan.filter }),
    outputsPerFrame: timeline.outputsPerFrame,
    sourceFps: { num: context.sourceFps.num, den: context.sourceFps.den },
    sourceStart: span.sourceStart,
    sourceEnd: span.sourceEnd,
    firstRestored: span.firstRestored,
    ...(span.dropped.length > 0 && { dropped: span.dropped }),
    ...(gains && {
      gains: Array.from(
        { length: restored.decodeEnd - restored.decodeStart },
        (_, k) => gains[sourceOfRestored(timeline, restored.decodeStart + k)] ?? 1,
      ),
    }),
    ...(stills.length > 0 && { stills }),
    ...(plan.models.length > 0 && { models: plan.models.map((run) => ({ ...run })) }),
  };
}
