import { UnrecoverableError } from 'bullmq';

/** Stable codes a failed job carries in `error.code`. */
export type FailureCode =
  | 'INPUT_UNREADABLE'
  | 'INPUT_NOT_VIDEO'
  | 'INPUT_EMPTY'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREACHABLE'
  | 'INPUT_UNSUPPORTED'
  | 'INPUT_URL_PRIVATE'
  | 'INPUT_REDIRECT_REFUSED'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_TOO_LONG'
  | 'INPUT_RESOLUTION_TOO_HIGH'
  | 'INPUT_TRUNCATED'
  | 'INPUT_CORRUPT'
  | 'INPUT_CODEC_UNSUPPORTED'
  | 'OUTPUT_TOO_LARGE'
  | 'OUTPUT_FPS_OUT_OF_RANGE'
  /** A preview whose span starts at or past the end of the source. */
  | 'PREVIEW_OUT_OF_RANGE'
  | 'GPU_OUT_OF_MEMORY'
  | 'MODEL_NOT_FOUND'
  | 'FRAME_COUNT_MISMATCH'
  | 'RENDER_FAILED'
  | 'STITCH_FAILED'
  | 'WEBHOOK_FAILED'
  /** The job's step vanished from its queue without recording an end (found by the sweeper). */
  | 'WORK_LOST'
  | 'INTERNAL';

/**
 * A failure retrying cannot fix (bad input, a model that does not fit). It extends
 * BullMQ's UnrecoverableError so no attempts are burnt on a GPU.
 */
export class TerminalFailure extends UnrecoverableError {
  override name = 'UnrecoverableError';
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** A failure that may pass on retry (S3 5xx, a dropped connection, a busy GPU). */
export class RetryableFailure extends Error {
  override name = 'RetryableFailure';
  constructor(
    readonly code: FailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The `{ code, message }` recorded on the job for any thrown value. */
export function describeFailure(
  error: unknown,
  fallback: FailureCode,
): { code: FailureCode; message: string } {
  if (error instanceof TerminalFailure || error instanceof RetryableFailure) {
    return { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: fallback, message };
}
