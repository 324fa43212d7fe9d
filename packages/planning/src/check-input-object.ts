import { TerminalFailure } from '@remaster/jobs';
import type { ObjectStore } from '@remaster/storage';
import { parseS3Url } from '@remaster/storage';

/**
 * For s3:// inputs, a missing, zero-length or too large object (over `maxBytes`) fails
 * with its own code before ffprobe runs.
 */
export function inputObjectChecker(
  objects: Pick<ObjectStore, 'bucket' | 'head'>,
  limits: { maxBytes?: number } = {},
): (inputUrl: string) => Promise<void> {
  return async (inputUrl) => {
    if (!inputUrl.startsWith('s3://')) return;
    const { bucket, key } = parseS3Url(inputUrl);
    if (bucket !== objects.bucket) return;
    const head = await objects.head(key);
    if (!head)
      throw new TerminalFailure(
        'INPUT_NOT_FOUND',
        `input ${inputUrl} does not exist: upload the file with POST /v1/uploads and use the url it answers`,
      );
    if (head.size === 0)
      throw new TerminalFailure(
        'INPUT_EMPTY',
        `input ${inputUrl} is empty (0 bytes); upload the whole file`,
      );
    if (limits.maxBytes !== undefined && head.size > limits.maxBytes)
      throw new TerminalFailure(
        'INPUT_TOO_LARGE',
        `input ${inputUrl} is ${head.size} bytes; the limit is ${limits.maxBytes} (INPUT_MAX_BYTES): split or compress it`,
      );
  };
}
