import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { FrameStreamError } from './frame-stream-error.js';
import { readFrames, writeFrame } from './raw-frames.js';

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
