import type { Readable, Writable } from 'node:stream';
import { FrameStreamError } from './frame-stream-error.js';

/**
 * Cuts a raw video byte stream (e.g. ffmpeg's `-f rawvideo` stdout) into frames of exactly
 * `frameSize` bytes, whatever the chunk boundaries. Each frame is a fresh Buffer that owns its
 * ArrayBuffer (byteOffset 0, never pooled), so it can be kept, transferred or handed to a tensor.
 * Throws `FRAMES_TRUNCATED` if the stream ends inside a frame. Breaking out of the loop
 * destroys the stream.
 */
export async function* readFrames(stream: Readable, frameSize: number): AsyncGenerator<Buffer> {
  if (!Number.isSafeInteger(frameSize) || frameSize <= 0) {
    throw new RangeError(`frameSize must be a positive integer, got ${frameSize}`);
  }
  let frame: Buffer | undefined;
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<unknown>) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('readFrames needs a byte stream');
    let offset = 0;
    while (offset < chunk.length) {
      // allocUnsafeSlow: every byte is overwritten below, and the frame gets its own memory.
      frame ??= Buffer.allocUnsafeSlow(frameSize);
      const take = Math.min(frameSize - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === frameSize) {
        yield frame;
        frame = undefined;
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    throw new FrameStreamError(
      'FRAMES_TRUNCATED',
      `frame stream ended ${filled} bytes into a ${frameSize}-byte frame: the decoder stopped ` +
        'early or the frame size does not match the video; check the decoder error',
    );
  }
}

/**
 * Writes one frame and waits for 'drain' when the stream's buffer is full, so a fast
 * producer never queues frames in memory. Rejects with `FRAME_SINK_CLOSED` if the stream is
 * closed, or errors or closes while waiting. The caller must listen for the stream's
 * 'error' (spawnPiped does for a child's stdin).
 */
export function writeFrame(stream: Writable, frame: Uint8Array): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.reject(sinkClosed());
  if (stream.write(frame)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onError = (error: Error): void => settle(sinkClosed(error));
    const onClose = (): void => settle(sinkClosed());
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

function sinkClosed(cause?: Error): FrameStreamError {
  const message =
    'cannot write frame: the encoder input is closed; the encoder probably failed, see its error';
  return new FrameStreamError('FRAME_SINK_CLOSED', message, cause ? { cause } : undefined);
}

/**
 * Keeps up to `depth` items of `source` requested ahead of the consumer, so a decoder
 * goes on decoding while the caller works on the current frame; memory stays bounded by
 * `depth` frames. `depth` 1 reads one at a time. Returning early closes `source`.
 */
export async function* readAhead<T>(source: AsyncIterator<T>, depth: number): AsyncGenerator<T> {
  assertDepth(depth);
  const queue: Promise<IteratorResult<T>>[] = [];
  try {
    for (;;) {
      while (queue.length < depth) {
        const next = source.next();
        // Rejections are seen when the item is reached, in order.
        next.catch(() => undefined);
        queue.push(next);
      }
      const result = await queue.shift()!;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await source.return?.();
  }
}

/**
 * Writes frames without waiting for each: up to `depth` frames may be on their way to the
 * reader (in the stream's buffer or the pipe) while the caller makes the next, so an
 * encoder drains behind the models. `write` waits only when `depth` are pending; `flush`
 * waits for all. Errors are `FRAME_SINK_CLOSED`, like {@link writeFrame}'s.
 */
export class FrameWriter {
  private readonly pending: Promise<void>[] = [];

  constructor(
    private readonly stream: Writable,
    private readonly depth: number,
  ) {
    assertDepth(depth);
  }

  async write(frame: Uint8Array): Promise<void> {
    if (this.stream.destroyed || this.stream.writableEnded) throw sinkClosed();
    const written = new Promise<void>((resolve, reject) => {
      this.stream.write(frame, (error) => (error ? reject(sinkClosed(error)) : resolve()));
    });
    written.catch(() => undefined);
    this.pending.push(written);
    while (this.pending.length >= this.depth) await this.pending.shift();
  }

  /** Resolves once every frame written so far has left the stream's buffer. */
  async flush(): Promise<void> {
    while (this.pending.length > 0) await this.pending.shift();
  }
}

function assertDepth(depth: number): void {
  if (!Number.isSafeInteger(depth) || depth < 1) {
    throw new RangeError(`queue depth must be an integer ≥ 1, got ${depth}`);
  }
}
