// 10-bit sources stay 10-bit (DESIGN §4) through the real processes: decoded to 16-bit
// RGB, run through the models at 16 bits, encoded yuv420p10le. A 10-bit ramp of 256
// luma levels, which 8 bits squash to 64, is upscaled and retimed: the output keeps the
// levels where a 16-bit path puts them, while the same job with output.bitDepth 8 keeps
// at most 64 (the check can fail). A 10-bit barcode clip retimed 25 → 60 in chunks of 7
// checks that every frame still lands in its exact place at 16 bits.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { probeMedia, runProcess } from '@remaster/media';
import { checkBarcodeOutput, makeClip } from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

const RAMP = { width: 256, height: 32, frames: 10, low: 400 };

describe('10-bit sources', () => {
  let stack: Stack;
  let rampUrl: string;

  before(async () => {
    stack = await startStack({ WORKER_CONCURRENCY: '2' });
    // Luma 400 + x at column x: 256 levels of 10 bits, grey (neutral chroma), lossless.
    const ramp = join(stack.dir, 'ramp10.mp4');
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `nullsrc=s=${RAMP.width}x${RAMP.height}:r=25,format=yuv420p10le`],
      ...['-vf', `geq=lum='${RAMP.low}+X':cb=512:cr=512,trim=end_frame=${RAMP.frames}`],
      ...['-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv420p10le', ramp],
    ]);
    rampUrl = await upload(ramp);
  });
  after(() => stack?.stop());

  async function upload(path: string): Promise<string> {
    const key = `inputs/${path.split('/').pop()!}`;
    await stack.s3.store.putFile(key, path);
    return `s3://remaster/${key}`;
  }

  test('a 10-bit ramp keeps its levels through upscaling and interpolation; 8-bit output does not', async () => {
    const submit = (bitDepth?: number) =>
      stack.submit({
        input: { url: rampUrl },
        upscale: { factor: 2 },
        interpolate: { factor: 2, sceneThreshold: 0 },
        output: { crf: 2, ...(bitDepth === undefined ? {} : { bitDepth }) },
        chunk: { frames: 4 },
      });
    const [deep, shallow] = await Promise.all([submit(), submit(8)]);
    const [deepDone, shallowDone] = [
      await stack.waitForJob(deep.id),
      await stack.waitForJob(shallow.id),
    ];
    for (const job of [deepDone, shallowDone])
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(deepDone.source?.bitDepth, 10);
    assert.deepEqual(
      [deepDone.output?.bitDepth, deepDone.output?.pixelFormat, shallowDone.output?.bitDepth],
      [10, 'yuv420p10le', 8],
    );

    const [width, height] = [2 * RAMP.width, 2 * RAMP.height];
    const deepInfo = await probeMedia(deepDone.output!.url);
    assert.equal(deepInfo.pixelFormat, 'yuv420p10le');
    assert.equal((await probeMedia(shallowDone.output!.url)).pixelFormat, 'yuv420p');

    const deepRows = await middleLumaRows(deepDone.output!.url, width, height);
    assert.equal(deepRows.length, 2 * RAMP.frames);
    for (const [n, row] of deepRows.entries()) {
      assert.ok(distinct(row) >= 200, `frame ${n}: ${distinct(row)} levels of 256`);
      // ×2 bicubic on a linear ramp: output column x sits at source column x/2 − 1/4.
      for (let x = 8; x < width - 8; x++) {
        const expected = RAMP.low + x / 2 - 0.25;
        assert.ok(
          Math.abs(row[x]! - expected) <= 2,
          `frame ${n}, column ${x}: luma ${row[x]}, expected ${expected}`,
        );
      }
    }
    // Through 8 bits the same ramp keeps one level in four (10-bit luma steps of ~4).
    for (const row of await middleLumaRows(shallowDone.output!.url, width, height))
      assert.ok(distinct(row) <= 70, `8-bit output has ${distinct(row)} levels`);
  });

  test('a 10-bit barcode clip retimed 25 → 60 in chunks of 7: every frame in place, hevc Main 10', async () => {
    const clip = join(stack.dir, 'barcode8.mp4');
    await makeClip({ path: clip, width: 64, height: 32, fps: 25, frames: 50, barcode: true });
    const clip10 = join(stack.dir, 'barcode10.mp4');
    await ffmpeg(['-i', clip, '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv420p10le', clip10]);
    const job = await stack.submit({
      input: { url: await upload(clip10) },
      interpolate: { model: 'blend', fps: 60, sceneThreshold: 0 },
      output: { codec: 'hevc', crf: 8 },
      chunk: { frames: 7 },
    });
    const done = await stack.waitForJob(job.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    const info = await probeMedia(done.output!.url);
    assert.deepEqual([info.videoCodec, info.pixelFormat], ['hevc', 'yuv420p10le']);
    const problem = await checkBarcodeOutput(done.output!.url, {
      frames: 50,
      fps: '25',
      targetFps: '60',
      width: 64,
      height: 32,
    });
    assert.equal(problem, undefined, problem);
  });
});

async function ffmpeg(args: string[]): Promise<void> {
  await runProcess({ command: 'ffmpeg', args: ['-nostdin', '-v', 'error', '-y', ...args] });
}

/** The middle luma row of every frame of a video, as 10-bit values (8-bit video is scaled ×4). */
async function middleLumaRows(url: string, width: number, height: number): Promise<number[][]> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-i', url, '-map', '0:v:0', '-fps_mode', 'passthrough'],
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p10le', 'pipe:1'],
    ],
  });
  // yuv420p10le: a full-size luma plane, then two quarter-size chroma planes; 2 bytes a sample.
  const frameBytes = width * height * 3;
  const rows: number[][] = [];
  for (let offset = 0; offset + frameBytes <= stdout.length; offset += frameBytes) {
    const row = offset + 2 * width * (height / 2);
    rows.push(Array.from({ length: width }, (_, x) => stdout.readUInt16LE(row + 2 * x)));
  }
  return rows;
}

function distinct(values: readonly number[]): number {
  return new Set(values).size;
}
