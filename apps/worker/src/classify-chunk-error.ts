import { ModelError } from '@remaster/inference';
import { RetryableFailure, TerminalFailure } from '@remaster/jobs';
import { ProcessError, classifyProbeFailure } from '@remaster/media';
import { isOutOfMemory } from '@remaster/render';

/** What ffmpeg prints when the source itself is damaged (not the network, not the encoder). */
const DAMAGED_INPUT =
  /Invalid data found when processing input|moov atom not found|partial file|ended prematurely|error reading header|Decoder \(codec [^)]*\) not found|corrupt/i;

/**
 * Sorts a chunk's failure into terminal (retrying cannot help: a damaged source, a model
 * that does not fit) and retryable (S3, Redis, the network, GPU memory). Errors already
 * sorted pass through; anything unknown stays retryable, as BullMQ treats it.
 */
export function classifyChunkError(error: unknown): unknown {
  if (error instanceof TerminalFailure || error instanceof RetryableFailure) return error;
  if (error instanceof ModelError) {
    const message = `${error.code}: ${error.message}`;
    return error.code === 'MODEL_DOWNLOAD'
      ? new RetryableFailure('MODEL_NOT_FOUND', message, { cause: error })
      : new TerminalFailure('MODEL_NOT_FOUND', message);
  }
  if (isOutOfMemory(error)) {
    return new RetryableFailure('GPU_OUT_OF_MEMORY', (error as Error).message, { cause: error });
  }
  if (error instanceof ProcessError && error.code === 'PROCESS_FAILED') {
    // ffmpeg echoes the presigned URL: keep its signature out of the job's error.
    const tail = error.stderrTail.replace(/(https?:\/\/[^\s?]+)\?\S*/g, '$1?…');
    // A source server that answers 5xx or drops the connection may come back.
    const network = ['INPUT_UNREACHABLE', 'INPUT_NOT_FOUND'].includes(classifyProbeFailure(tail));
    if (!network && DAMAGED_INPUT.test(tail)) {
      return new TerminalFailure(
        'INPUT_CORRUPT',
        `the input is damaged where this chunk reads it: re-encode or upload it again (${error.command}: ${tail.trim().slice(-500)})`,
      );
    }
  }
  return error;
}
