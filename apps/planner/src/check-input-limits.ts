import type { FailureCode, JobRequest, ModelCatalog } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { outputRateProblem, planOutputSize } from '@remaster/planning';

/** What the planner accepts (INPUT_MAX_* and OUTPUT_MAX_* in the configuration). */
export interface InputLimits {
  readonly maxBytes: number;
  readonly maxDurationSeconds: number;
  /** Width × height of a source frame. */
  readonly maxInputPixels: number;
  /** Width × height of an output frame, after upscaling. */
  readonly maxOutputPixels: number;
  readonly maxOutputFps: number;
}

/** The limits from the configuration's INPUT_MAX_* and OUTPUT_MAX_* variables. */
export function inputLimitsFromConfig(config: {
  INPUT_MAX_BYTES: number;
  INPUT_MAX_DURATION_S: number;
  INPUT_MAX_PIXELS: number;
  OUTPUT_MAX_PIXELS: number;
  OUTPUT_MAX_FPS: number;
}): InputLimits {
  return {
    maxBytes: config.INPUT_MAX_BYTES,
    maxDurationSeconds: config.INPUT_MAX_DURATION_S,
    maxInputPixels: config.INPUT_MAX_PIXELS,
    maxOutputPixels: config.OUTPUT_MAX_PIXELS,
    maxOutputFps: config.OUTPUT_MAX_FPS,
  };
}

export interface CheckInputLimitsInput {
  readonly source: SourceInfo;
  readonly request: JobRequest;
  readonly limits: InputLimits;
  readonly models?: ModelCatalog;
}

/**
 * Pure: refuses, before any frame is decoded, a probed source the pipeline must not take
 * on (truncated, too big, too long, too many pixels) or a request whose output would pass
 * the limits. Throws a TerminalFailure whose code names the broken limit.
 */
export function checkInputLimits({ source, request, limits, models }: CheckInputLimitsInput): void {
  for (const problem of [
    sourceProblem(source, limits),
    outputProblem(source, request, limits, models),
  ])
    if (problem) throw new TerminalFailure(problem.code, problem.message);
}

type Problem = { code: FailureCode; message: string } | undefined;

function sourceProblem(source: SourceInfo, limits: InputLimits): Problem {
  if (source.truncated)
    return {
      code: 'INPUT_TRUNCATED',
      message: `input ends before its own index says it does (only ${source.frames} frames can be read): the file was cut short; upload the whole file`,
    };
  if (source.sizeBytes !== undefined && source.sizeBytes > limits.maxBytes)
    return {
      code: 'INPUT_TOO_LARGE',
      message: `input is ${source.sizeBytes} bytes; the limit is ${limits.maxBytes} (INPUT_MAX_BYTES): split or compress it`,
    };
  const pixels = source.width * source.height;
  if (pixels > limits.maxInputPixels)
    return {
      code: 'INPUT_RESOLUTION_TOO_HIGH',
      message: `input is ${source.width}x${source.height} (${pixels} pixels); the limit is ${limits.maxInputPixels} pixels (INPUT_MAX_PIXELS): scale it down first`,
    };
  if (source.durationSeconds > limits.maxDurationSeconds)
    return {
      code: 'INPUT_TOO_LONG',
      message: `input lasts ${Math.round(source.durationSeconds)} s; the limit is ${limits.maxDurationSeconds} s (INPUT_MAX_DURATION_S): split it into parts`,
    };
  return undefined;
}

function outputProblem(
  source: SourceInfo,
  request: JobRequest,
  limits: InputLimits,
  models: ModelCatalog | undefined,
): Problem {
  const rate = outputRateProblem({
    interpolate: request.interpolate,
    maxFps: limits.maxOutputFps,
    sourceFps: source.fps,
  });
  // A factor out of range is refused at submit; here it can only mean a rate out of range.
  if (rate) return { code: 'OUTPUT_FPS_OUT_OF_RANGE', message: rate.message };
  const size = planOutputSize(source, request.upscale, request.output.codec, models);
  const pixels = size.width * size.height;
  if (pixels > limits.maxOutputPixels)
    return {
      code: 'OUTPUT_TOO_LARGE',
      message: `the output would be ${size.width}x${size.height} (${pixels} pixels); the limit is ${limits.maxOutputPixels} pixels (OUTPUT_MAX_PIXELS): ask for a smaller upscale`,
    };
  return undefined;
}
