import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { FrameStreamError } from './frame-stream-error.js';
import { FrameWriter, readAhead, readFrames, writeFrame } from './raw-frames.js';

/** Six frames of 10 bytes, frame i filled with the value i. */
const FRAME_SIZE = 10;
const BYTES = Buffer.concat(Array.from({ length: 6 }, (_, i) => Buffer.alloc(FRAME_SIZE, i)));

async function collect(chunkSizes: number[], bytes = BYTES): Promise<Buffer[]> {
  const stream = new PassThrough();
  const frames: Buffer[] = [];
  const reading = (async () => {
    for await (const frame of readFrames(stream, FRAME_SIZE)) frames.push(frame);
  })();
  let offset = 0;
  for (const size of chunkSizes) {
    stream.write(bytes.subarray(offset, offset + size));
    offset += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
  stream.end(bytes.subarray(offset));
  await reading;
  return frames;
}

describe('readFrames', () => {
  for (const [name, sizes] of Object.entries({
    'one chunk': [],
    'byte by byte': Array.from({ length: BYTES.length }, () => 1),
    'chunks across frames': [3, 14, 7, 25, 1],
    'chunks of exactly one frame': [10, 10, 10, 10, 10],
  })) {
    it(`yields whole frames in order: ${name}`, async () => {
      const frames = await collect(sizes);
      assert.deepEqual(
        frames.map((frame) => [...frame]),
        Array.from({ length: 6 }, (_, i) => Array<number>(FRAME_SIZE).fill(i)),
      );
    });
  }

  it('gives every frame its own memory', async () => {
    const frames = await collect([25, 35]);
    for (const frame of frames) {
      assert.equal(frame.byteOffset, 0);
      assert.equal(frame.buffer.byteLength, FRAME_SIZE);
    }
    frames[0]!.fill(99);
    assert.equal(frames[1]![0], 1);
  });

  it('rejects a stream that ends inside a frame', async () => {
    await assert.rejects(
      collect([], BYTES.subarray(0, 25)),
      (error) => error instanceof FrameStreamError && error.code === 'FRAMES_TRUNCATED',
    );
  });
});

/** A writable with a tiny buffer that finishes each write only when told to. */
function slowSink(): { sink: Writable; received: Buffer[]; release: () => void } {
  const received: Buffer[] = [];
  const pending: (() => void)[] = [];
  const sink = new Writable({
    highWaterMark: 4,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      pending.push(() => callback());
    },
  });
  return { sink, received, release: () => pending.splice(0).forEach((done) => done()) };
}

describe('writeFrame', () => {
  it('waits for drain when the stream is full', async () => {
    const { sink, received, release } = slowSink();
    let written = false;
    const writing = writeFrame(sink, Buffer.alloc(8, 1)).then(() => (written = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(written, false, 'resolved before drain');
    release();
    await writing;
    assert.equal(written, true);
    assert.equal(received.length, 1);
  });

  it('resolves at once while the stream has room', async () => {
    const sink = new Writable({
      highWaterMark: 100,
      write: (_chunk, _encoding, callback) => callback(),
    });
    await writeFrame(sink, Buffer.alloc(8));
  });

  it('rejects when the stream errors while waiting, or is already closed', async () => {
    const { sink } = slowSink();
    sink.on('error', () => undefined);
    const writing = writeFrame(sink, Buffer.alloc(8));
    sink.destroy(new Error('EPIPE'));
    await assert.rejects(
      writing,
      (error) => error instanceof FrameStreamError && error.code === 'FRAME_SINK_CLOSED',
    );
    await assert.rejects(writeFrame(sink, Buffer.alloc(8)), /encoder input is closed/);
  });
});

describe('readAhead', () => {
  it('asks the source for depth items ahead, in order, and closes it on an early return', async () => {
    let asked = 0;
    let closed = false;
    const source: AsyncIterator<number> = {
      next: () =>
        Promise.resolve(
          asked < 5 ? { done: false, value: asked++ } : { done: true, value: undefined },
        ),
      return: () => {
        closed = true;
        return Promise.resolve({ done: true, value: undefined });
      },
    };
    const ahead = readAhead(source, 3);
    assert.deepEqual(await ahead.next(), { done: false, value: 0 });
    assert.equal(asked, 3, 'two more requested while the first is in use');
    assert.deepEqual(await ahead.next(), { done: false, value: 1 });
    await ahead.return(undefined);
    assert.equal(closed, true);
  });

  it('gives every item of readFrames and its error at the place it happened', async () => {
    const stream = new PassThrough();
    stream.end(BYTES.subarray(0, 25));
    const seen: number[] = [];
    await assert.rejects(
      async () => {
        for await (const frame of readAhead(readFrames(stream, FRAME_SIZE), 4))
          seen.push(frame[0]!);
      },
      (error: unknown) => error instanceof FrameStreamError && error.code === 'FRAMES_TRUNCATED',
    );
    assert.deepEqual(seen, [0, 1]);
  });
});

describe('FrameWriter', () => {
  /** A sink that takes each chunk only when `release` is called. */
  function slowSink() {
    const received: number[] = [];
    const waiting: Array<() => void> = [];
    const stream = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, callback) {
        waiting.push(() => {
          received.push(chunk[0]!);
          callback();
        });
      },
    });
    return { stream, received, release: () => waiting.shift()?.() };
  }

  it('lets depth − 1 frames wait in the sink while the next is made, in order', async () => {
    const sink = slowSink();
    const writer = new FrameWriter(sink.stream, 3);
    await writer.write(Buffer.alloc(4, 1));
    await writer.write(Buffer.alloc(4, 2));
    let third = false;
    const writing = writer.write(Buffer.alloc(4, 3)).then(() => (third = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(third, false, 'three pending: the third write waits for the first');
    sink.release();
    await writing;
    const flushed = writer.flush();
    sink.release();
    await new Promise((resolve) => setImmediate(resolve));
    sink.release();
    await flushed;
    assert.deepEqual(sink.received, [1, 2, 3]);
  });

  it('fails with FRAME_SINK_CLOSED once the sink is gone', async () => {
    const sink = slowSink();
    const writer = new FrameWriter(sink.stream, 2);
    sink.stream.destroy();
    await assert.rejects(
      writer.write(Buffer.alloc(4)),
      (error: unknown) => error instanceof FrameStreamError && error.code === 'FRAME_SINK_CLOSED',
    );
  });
});
