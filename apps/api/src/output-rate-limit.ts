import type { JobRequest } from '@remaster/jobs';
import { ApiError } from './api-error.js';

/** Slowest output rate a job may ask for, in frames per second. */
const MIN_OUTPUT_FPS = 1;

/**
 * Refuses at submit an `interpolate.fps` outside 1–`maxFps` (OUTPUT_MAX_FPS) with 400
 * OUTPUT_FPS_OUT_OF_RANGE. A `factor` depends on the source rate: the planner checks it.
 */
export function checkOutputRate(request: JobRequest, maxFps: number): void {
  const fps = request.interpolate?.fps;
  if (fps === undefined) return;
  const value = framesPerSecond(fps);
  if (value >= MIN_OUTPUT_FPS && value <= maxFps) return;
  throw new ApiError(
    400,
    'OUTPUT_FPS_OUT_OF_RANGE',
    `interpolate.fps ${fps} is outside ${MIN_OUTPUT_FPS}–${maxFps} fps (OUTPUT_MAX_FPS): ask for a rate in that range`,
  );
}

/** `60`, `"59.94"` or `"60000/1001"` (the schema has checked the form) as a number. */
function framesPerSecond(rate: number | string): number {
  if (typeof rate === 'number') return rate;
  const [num, den = '1'] = rate.split('/');
  return Number(num) / Number(den);
}
