import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { readDigests } from './frame-digests.js';
import { DecodeCheck, FrameDigestMismatch } from './verified-frames.js';

const line = (digest: string) => `0, 0, 0, 1, 100, 0x${digest}\n`;

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(frames: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

test('frames flow before their digests arrive; verified() proves each once the pipe ends', async () => {
  // ffmpeg may write digest i after frame i + 1: a check that waited would never see frame i + 1.
  const pipe = new PassThrough();
  const check = new DecodeCheck({
    digests: readDigests(pipe),
    entry: 8,
    start: 10,
    expected: ['0000000a', '0000000b', '0000000c'],
  });
  const got = await collect(check.frames(each(['f8', 'f9', 'f10', 'f11', 'f12'])));
  assert.deepEqual(got, ['f10', 'f11', 'f12'], 'frames before start are dropped');
  const verified = check.verified(3);
  for (const digest of ['00000008', '00000009', '0000000a', '0000000b', '0000000c'])
    pipe.write(line(digest));
  pipe.end();
  assert.equal(await verified, 3);
});

test('a mismatch seen while frames flow ends the frames at the next one', async () => {
  const pipe = new PassThrough();
  const check = new DecodeCheck({
    digests: readDigests(pipe),
    entry: 0,
    start: 0,
    expected: ['00000001', '00000002', '00000003'],
  });
  pipe.write(line('00000001') + line('deadbeef'));
  await new Promise((resolve) => setImmediate(resolve));
  await assert.rejects(
    collect(check.frames(each(['f0', 'f1', 'f2']))),
    (error: unknown) =>
      error instanceof FrameDigestMismatch &&
      error.frame === 1 &&
      error.actual === 'deadbeef' &&
      error.expected === '00000002',
  );
  pipe.end();
  await assert.rejects(check.verified(1), FrameDigestMismatch);
});

test('a mismatch or a missing digest after the last frame still fails verified()', async () => {
  const late = new PassThrough();
  const mismatched = new DecodeCheck({
    digests: readDigests(late),
    entry: 3,
    start: 4,
    expected: ['00000004', '00000005'],
  });
  await collect(mismatched.frames(each(['f3', 'f4', 'f5'])));
  late.end(line('00000003') + line('00000004') + line('ffffffff'));
  await assert.rejects(mismatched.verified(2), { name: 'FrameDigestMismatch', frame: 5 });

  const short = new PassThrough();
  const missing = new DecodeCheck({
    digests: readDigests(short),
    entry: 0,
    start: 0,
    expected: ['00000000', '00000001'],
  });
  short.end(line('00000000'));
  await assert.rejects(missing.verified(2), { name: 'FrameDigestMismatch', frame: 1 });
  // Frames past the expected digests (none were recorded for them) are not checked.
  const past = new PassThrough();
  past.end(line('00000000'));
  const beyond = new DecodeCheck({
    digests: readDigests(past),
    entry: 0,
    start: 0,
    expected: ['00000000'],
  });
  assert.equal(await beyond.verified(5), 1);
});

test('an entry after the start is refused', () => {
  assert.throws(
    () =>
      new DecodeCheck({
        digests: readDigests(new PassThrough()),
        entry: 5,
        start: 4,
        expected: [],
      }),
    RangeError,
  );
});
