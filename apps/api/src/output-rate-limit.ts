import type { JobRequest } from '@remaster/jobs';
import { outputRateProblem } from '@remaster/planning';
import { ApiError } from './api-error.js';

/**
 * Refuses at submit, with 400 and the rule's code, an output rate that the one rule of
 * @remaster/planning refuses without the source: an `interpolate.fps` outside
 * 1–`maxFps` (OUTPUT_MAX_FPS), an `interpolate.factor` outside 1/16–16. Whether a
 * factor's rate fits depends on the source rate: the planner checks that once it has
 * probed the source.
 */
export function checkOutputRate(
  { interpolate }: Pick<JobRequest, 'interpolate'>,
  maxFps: number | undefined,
): void {
  const problem = outputRateProblem({ interpolate, maxFps });
  if (problem) throw new ApiError(400, problem.code, problem.message);
}
