import type { JobRequest } from '@remaster/jobs';
import { ApiError } from './api-error.js';

/** The smallest side the AV1 encoder takes; the planner refuses a smaller output too (output-size.ts). */
const AV1_MIN_SIDE = 64;

/**
 * Refuses at submit an output size the planner would refuse whatever the source: an
 * `upscale.height` under 64 pixels encoded as AV1 (400 INVALID_REQUEST, like the other
 * combinations of fields that do not go together).
 */
export function checkOutputSize({ upscale, output }: Pick<JobRequest, 'upscale' | 'output'>): void {
  const height = upscale?.height;
  if (output.codec !== 'av1' || height === undefined || height >= AV1_MIN_SIDE) return;
  throw new ApiError(
    400,
    'INVALID_REQUEST',
    `upscale.height ${height} is below the ${AV1_MIN_SIDE} pixels the AV1 encoder needs: ask for ${AV1_MIN_SIDE} or more, or output.codec h264 or hevc`,
  );
}
