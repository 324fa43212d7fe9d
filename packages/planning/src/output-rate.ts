// The one output-rate rule: the API applies it at submit (to what it knows without the
// source), the planner again once the source is probed. One parser: @remaster/retiming's.
import type { JobRequest } from '@remaster/jobs';
import type { Rational } from '@remaster/retiming';
import { formatRational, multiply, parseRational, toNumber } from '@remaster/retiming';

/** Slowest output rate a job may ask for, in frames per second. */
export const MIN_OUTPUT_FPS = 1;

/**
 * The largest `interpolate.factor` (and the smallest, its inverse). The output rate it gives
 * is known only once the source is probed, but above ×16 it passes the default
 * OUTPUT_MAX_FPS (240) for every source of 15 fps or more; a slower source, or any exact
 * rate, is asked for with `interpolate.fps`.
 */
export const MAX_RATE_FACTOR = 16;

/** The output rate: `interpolate.fps`, or the source rate times `interpolate.factor`, or unchanged. */
export function targetRate(sourceFps: Rational, interpolate: JobRequest['interpolate']): Rational {
  if (interpolate?.fps !== undefined) return parseRational(interpolate.fps);
  if (interpolate?.factor !== undefined)
    return multiply(sourceFps, parseRational(interpolate.factor));
  return sourceFps;
}

export interface OutputRateProblem {
  readonly code: 'OUTPUT_FPS_OUT_OF_RANGE' | 'INTERPOLATE_FACTOR_OUT_OF_RANGE';
  readonly message: string;
}

export interface OutputRateInput {
  readonly interpolate: JobRequest['interpolate'];
  /** OUTPUT_MAX_FPS; without it only the factor's range is checked. */
  readonly maxFps: number | undefined;
  /** The probed source rate; without it (at submit) a factor's rate is not known yet. */
  readonly sourceFps?: Rational;
}

/**
 * What is wrong with the output rate a request asks for, or undefined: an
 * `interpolate.factor` outside 1/16–16 (INTERPOLATE_FACTOR_OUT_OF_RANGE), or an output
 * rate outside 1–`maxFps` (OUTPUT_FPS_OUT_OF_RANGE): `interpolate.fps` always, a factor's
 * rate once `sourceFps` is known.
 */
export function outputRateProblem(input: OutputRateInput): OutputRateProblem | undefined {
  const { interpolate, maxFps, sourceFps } = input;
  if (interpolate?.factor !== undefined) {
    const factor = toNumber(parseRational(interpolate.factor));
    if (factor < 1 / MAX_RATE_FACTOR || factor > MAX_RATE_FACTOR) {
      const range = maxFps === undefined ? '' : ` (${MIN_OUTPUT_FPS}–${maxFps}, OUTPUT_MAX_FPS)`;
      return {
        code: 'INTERPOLATE_FACTOR_OUT_OF_RANGE',
        message: `interpolate.factor ${interpolate.factor} is outside 1/${MAX_RATE_FACTOR}–${MAX_RATE_FACTOR}: a factor multiplies the source rate (2 turns 25 fps into 50); for a rate beyond that ask for interpolate.fps${range}`,
      };
    }
  }
  const fps =
    interpolate?.fps !== undefined
      ? parseRational(interpolate.fps)
      : sourceFps && targetRate(sourceFps, interpolate);
  if (maxFps === undefined || fps === undefined) return undefined;
  const rate = toNumber(fps);
  if (rate >= MIN_OUTPUT_FPS && rate <= maxFps) return undefined;
  return {
    code: 'OUTPUT_FPS_OUT_OF_RANGE',
    message: `the output would run at ${formatRational(fps)} fps, outside ${MIN_OUTPUT_FPS}–${maxFps} (OUTPUT_MAX_FPS): ask for another interpolate.fps or factor`,
  };
}
