import type { JobRequest } from '@remaster/jobs';
import type { Rational } from '@remaster/retiming';
import { multiply, parseRational } from '@remaster/retiming';

/** The output rate: `interpolate.fps`, or the source rate times `interpolate.factor`, or unchanged. */
export function targetRate(sourceFps: Rational, interpolate: JobRequest['interpolate']): Rational {
  if (interpolate?.fps !== undefined) return parseRational(interpolate.fps);
  if (interpolate?.factor !== undefined)
    return multiply(sourceFps, parseRational(interpolate.factor));
  return sourceFps;
}
