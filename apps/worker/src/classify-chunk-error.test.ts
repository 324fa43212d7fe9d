import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError } from '@remaster/inference';
import { RetryableFailure, TerminalFailure } from '@remaster/jobs';
import { ProcessError } from '@remaster/media';
import { classifyChunkError } from './classify-chunk-error.js';

function ffmpegFailed(stderrTail: string): ProcessError {
  return new ProcessError({
    code: 'PROCESS_FAILED',
    command: 'ffmpeg',
    exitCode: 1,
    stderrTail,
    summary: 'ffmpeg exited with code 1',
  });
}

/** `terminal CODE`, `retryable CODE`, or `unchanged` for errors left to BullMQ's retries. */
function verdict(error: unknown): string {
  const sorted = classifyChunkError(error);
  if (sorted instanceof TerminalFailure) return `terminal ${sorted.code}`;
  if (sorted instanceof RetryableFailure) return `retryable ${sorted.code}`;
  assert.equal(sorted, error);
  return 'unchanged';
}

test('damaged input and misfit models are terminal; network, storage and GPU memory retry', () => {
  const signed = 'https://s3.example/remaster/in.mp4?X-Amz-Signature=secret';
  const cases: [unknown, string][] = [
    [ffmpegFailed(`${signed}: Invalid data found when processing input`), 'terminal INPUT_CORRUPT'],
    [ffmpegFailed('[mov,mp4 @ 0x1] moov atom not found'), 'terminal INPUT_CORRUPT'],
    [
      ffmpegFailed('Decoder (codec none) not found for input stream #0:0'),
      'terminal INPUT_CORRUPT',
    ],
    [ffmpegFailed(`${signed}: Server returned 503 Service Unavailable`), 'unchanged'],
    [ffmpegFailed('Connection reset by peer'), 'unchanged'],
    [ffmpegFailed('[libx264 @ 0x1] broken ffmpeg default settings detected'), 'unchanged'],
    [new ModelError('MODEL_CONTRACT', 'gave 10x10, expected 20x20'), 'terminal MODEL_NOT_FOUND'],
    [new ModelError('MODEL_DOWNLOAD', 'server answered 502'), 'retryable MODEL_NOT_FOUND'],
    [new Error('CUDA failure 2: out of memory'), 'retryable GPU_OUT_OF_MEMORY'],
    [new Error('write ECONNRESET'), 'unchanged'],
    [new TerminalFailure('FRAME_COUNT_MISMATCH', 'x'), 'terminal FRAME_COUNT_MISMATCH'],
  ];
  for (const [error, expected] of cases) assert.equal(verdict(error), expected, String(error));
  const corrupt = classifyChunkError(
    ffmpegFailed(`${signed}: Invalid data found when processing input`),
  );
  assert.doesNotMatch((corrupt as Error).message, /secret/);
});
