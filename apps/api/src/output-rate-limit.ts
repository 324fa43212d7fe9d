import type { JobRequest } from '@remaster/jobs';
import { ApiError } from './api-error.js';

/** Slowest output rate a job may ask for, in frames per second. */
const MIN_OUTPUT_FPS = 1;

/**
 * The largest `interpolate.factor` (and the smallest, its inverse). The output rate it gives
 * is known only once the source is probed, but above ×16 it passes the default
 * OUTPUT_MAX_FPS (240) for every source of 15 fps or more; a slower source, or any exact
 * rate, is asked for with `interpolate.fps`.
 */
const MAX_RATE_FACTOR = 16;

/**
 * Refuses at submit an `interpolate.fps` outside 1–`maxFps` (OUTPUT_MAX_FPS) with 400
 * OUTPUT_FPS_OUT_OF_RANGE, and an `interpolate.factor` outside 1/16–16 with 400
 * INTERPOLATE_FACTOR_OUT_OF_RANGE. Whether a factor's rate fits depends on the source rate:
 * the planner checks that once it has probed the source.
 */
export function checkOutputRate(
  { interpolate }: Pick<JobRequest, 'interpolate'>,
  maxFps: number | undefined,
): void {
  if (interpolate?.factor !== undefined) checkFactor(interpolate.factor, maxFps);
  const fps = interpolate?.fps;
  if (fps === undefined || maxFps === undefined) return;
  const value = framesPerSecond(fps);
  if (value >= MIN_OUTPUT_FPS && value <= maxFps) return;
  throw new ApiError(
    400,
    'OUTPUT_FPS_OUT_OF_RANGE',
    `interpolate.fps ${fps} is outside ${MIN_OUTPUT_FPS}–${maxFps} fps (OUTPUT_MAX_FPS): ask for a rate in that range`,
  );
}

function checkFactor(factor: number | string, maxFps: number | undefined): void {
  const value = framesPerSecond(factor);
  if (value >= 1 / MAX_RATE_FACTOR && value <= MAX_RATE_FACTOR) return;
  const fps = maxFps === undefined ? '' : ` (${MIN_OUTPUT_FPS}–${maxFps}, OUTPUT_MAX_FPS)`;
  throw new ApiError(
    400,
    'INTERPOLATE_FACTOR_OUT_OF_RANGE',
    `interpolate.factor ${factor} is outside 1/${MAX_RATE_FACTOR}–${MAX_RATE_FACTOR}: a factor multiplies the source rate (2 turns 25 fps into 50); for a rate beyond that ask for interpolate.fps${fps}`,
  );
}

/** `60`, `"59.94"` or `"60000/1001"` (the schema has checked the form) as a number. */
function framesPerSecond(rate: number | string): number {
  if (typeof rate === 'number') return rate;
  const [num, den = '1'] = rate.split('/');
  return Number(num) / Number(den);
}
