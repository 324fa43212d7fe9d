import type { StitchPayload } from '@remaster/jobs';
import type { Rational } from '@remaster/retiming';
import {
  chooseStills,
  fallbackKeyframes,
  sourceFrameOf,
  sourceOfRestored,
  toNumber,
} from '@remaster/retiming';
import { restoresFrames } from './restore/chunk-restore.js';
import type { RestorePlan } from './restore/plan-restore.js';
import type { TimelineFrames } from './restore/restored-frames.js';
import type { SourceFrameFacts } from './build-render.js';

export type PlannedStill = NonNullable<StitchPayload['stillSources']>[number];

/**
 * Pure: the before/after stills of a plan, chosen among its output frames (a preview's
 * own), each with the source frame shown beside it, the digest that checks it and, when
 * the source is restored, the restored frame the models were given. `outputFrame` counts
 * from the output file's first frame.
 */
export function plannedStills(input: {
  frames: SourceFrameFacts;
  timeline: TimelineFrames;
  restore: RestorePlan | undefined;
  targetFps: Rational;
  outputs: { start: number; end: number };
}): PlannedStill[] {
  const { frames, timeline, restore, outputs } = input;
  if (outputs.end <= outputs.start) return [];
  const restored = restoresFrames(restore) ? restore : undefined;
  const choices = chooseStills({
    sourceFrames: timeline.frames,
    sourceFps: timeline.fps,
    targetFps: input.targetFps,
    outputFrames: outputs.end,
    outputStart: outputs.start,
    sceneCuts: timeline.sceneCuts,
  });
  return choices.map(({ outputFrame, op }) => {
    const shown = sourceFrameOf(op);
    const frame = restored ? sourceOfRestored(restored.timeline, shown) : shown;
    return {
      frame,
      digest: frames.digests[frame] ?? '',
      entryFrames: fallbackKeyframes(frames.keyframes, frame),
      outputFrame: outputFrame - outputs.start,
      kind: op.kind === 'copy' ? 'copied' : 'interpolated',
      ...(op.kind === 'interpolate' && {
        interpolatedFrom: { a: op.a, b: op.b, t: toNumber(op.t) },
      }),
      ...(restored && { restoredFrame: shown }),
    };
  });
}
