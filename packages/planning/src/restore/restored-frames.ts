import type { PreviewRequest } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import type { Rational } from '@remaster/retiming';
import { firstRestoredOf, isIdentityTimeline, toNumber } from '@remaster/retiming';
import type { RestorePlan } from './plan-restore.js';

/** The frames a job retimes and upscales: the restored ones, or the source's own. */
export interface TimelineFrames {
  readonly frames: number;
  readonly fps: Rational;
  /** Scene cuts (first frames of new scenes), as indices of these frames. */
  readonly sceneCuts: readonly number[];
  /** Repeated frames (`interpolate.dedupe`), as indices of these frames. */
  readonly repeats: readonly number[];
}

/**
 * Pure: the source's frame facts moved onto the restored timeline. A cut at source frame c
 * starts the new scene at c's first restored frame; repeats carry over where each source
 * frame is one restored frame (a telecine's dropped repeat is gone already), and are left
 * out when fields are split (a repeated frame's two fields are two moments, not a repeat).
 */
export function timelineFrames(input: {
  source: { frames: number; fps: Rational };
  restore: RestorePlan | undefined;
  sceneCuts: readonly number[];
  repeats: readonly number[];
}): TimelineFrames {
  const { restore, source } = input;
  if (!restore || isIdentityTimeline(restore.timeline))
    return {
      frames: source.frames,
      fps: source.fps,
      sceneCuts: input.sceneCuts,
      repeats: input.repeats,
    };
  const { timeline } = restore;
  const dropped = new Set(timeline.dropped);
  const toRestored = (frame: number) => firstRestoredOf(timeline, frame);
  const cuts = [...new Set(input.sceneCuts.map(toRestored))].filter(
    (c) => c > 0 && c < restore.summary.frames,
  );
  const repeats =
    timeline.outputsPerFrame === 2
      ? []
      : input.repeats
          .filter((r) => !dropped.has(r))
          .map(toRestored)
          .filter((r) => r > 0);
  return { frames: restore.summary.frames, fps: restore.fps, sceneCuts: cuts, repeats };
}

/**
 * Pure: the frames of a preview, [start, end) of the timeline, from its span in seconds;
 * fails PREVIEW_OUT_OF_RANGE when the span starts at or past the end of the source.
 */
export function previewFrames(
  preview: PreviewRequest,
  timeline: Pick<TimelineFrames, 'frames' | 'fps'>,
): { start: number; end: number } {
  const rate = toNumber(timeline.fps);
  const start = Math.floor(preview.start * rate + 1e-9);
  const end = Math.min(timeline.frames, Math.ceil((preview.start + preview.seconds) * rate - 1e-9));
  if (start >= timeline.frames || end <= start)
    throw new TerminalFailure(
      'PREVIEW_OUT_OF_RANGE',
      `preview.start ${preview.start} s is at or past the end of the source (${(timeline.frames / rate).toFixed(3)} s): start earlier`,
    );
  return { start, end };
}
