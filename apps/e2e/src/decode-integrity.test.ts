// Decode integrity through the real stack (DESIGN §2): sources whose seeks do not decode
// exactly (open GOPs in H.264, HEVC CRA/RASL and MPEG-2; sparse keyframes in 4:4:4), an
// AVI whose index holds empty "drop" entries, a Matroska file with timestamp gaps that
// still declares a constant rate, and MPEG-TS. Each is made from a barcode clip, so every
// output frame is checked for being exactly the source frame (or blend) §2 puts there.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { MessyKindName } from '@remaster/testing';
import {
  MESSY_KINDS,
  checkBarcodeOutput,
  decodeOutput,
  makeClip,
  psnr,
  readBarcodes,
  readStillBarcode,
  reencodeClip,
} from '@remaster/testing';
import type { JobBody, Stack } from './stack.js';
import { startStack } from './stack.js';

const FRIDAY = fileURLToPath(
  new URL('../../../../shared/media/videos/friday.mp4', import.meta.url),
);
const FRAMES = 72;
const WIDTH = 64;
const HEIGHT = 32;

describe('decode integrity: every output frame is the source’s own', () => {
  let stack: Stack;
  let barcode: string;

  before(async () => {
    stack = await startStack({ WORKER_CONCURRENCY: '3' });
    barcode = join(stack.dir, 'integrity-barcode.mp4');
    await makeClip({
      path: barcode,
      width: WIDTH,
      height: HEIGHT,
      fps: 25,
      frames: FRAMES,
      barcode: true,
    });
  });
  after(() => stack?.stop());

  async function upload(name: string, make: (path: string) => Promise<void>): Promise<string> {
    const path = join(stack.dir, name);
    await make(path);
    await stack.s3.store.putFile(`inputs/${name}`, path);
    return `s3://remaster/inputs/${name}`;
  }

  /** 2× frame rate with the built-in blend: copies and blends of neighbours, across every join. */
  async function interpolate(url: string, chunk: number): Promise<JobBody> {
    const job = await stack.submit({
      input: { url },
      interpolate: { model: 'blend', factor: 2, sceneThreshold: 0 },
      output: { crf: 8 },
      chunk: { frames: chunk },
    });
    return stack.waitForJob(job.id);
  }

  async function expectExact(job: JobBody, label: string, sequence?: number[]): Promise<void> {
    assert.equal(job.status, 'completed', `${label}: ${JSON.stringify(job.error)}`);
    const problem = await checkBarcodeOutput(job.output!.url, {
      ...{ frames: FRAMES, fps: '25', targetFps: '50', width: WIDTH, height: HEIGHT },
      ...(sequence && { sequence }),
    });
    assert.equal(problem, undefined, `${label}: ${problem}`);
  }

  const kinds = Object.keys(MESSY_KINDS) as MessyKindName[];
  for (const kind of kinds) {
    // Each kind gets a size whose chunks start where its seeks go wrong (58 = 2 × 29).
    const sizes = { 'open-gop-h264': [1, 7, 11, 48], 'h264-444-sparse': [7, 29, 48] }[
      kind as string
    ] ?? [7, 11, 48];
    test(`${kind}: exact frames in chunks of ${sizes.join(', ')}; chunks that start on a bad seek decode again`, async () => {
      const { ext, args, seeksWrongAt } = MESSY_KINDS[kind];
      const url = await upload(`integrity-${kind}.${ext}`, (path) =>
        reencodeClip(barcode, path, args),
      );
      const jobs = await Promise.all(sizes.map((size) => interpolate(url, size)));
      for (const [k, job] of jobs.entries()) {
        const size = sizes[k]!;
        const label = `${kind} in chunks of ${size}`;
        await expectExact(job, label);
        assert.equal(job.source?.normalised, undefined, `${label}: read directly, not normalised`);
        const chunks = job.report?.chunks ?? [];
        assert.ok(
          chunks.every((chunk) => (chunk.framesVerified ?? 0) > 0),
          `${label}: every chunk checked its frames`,
        );
        const redecoded = chunks.filter((chunk) => chunk.redecoded).map((c) => c.index * size);
        const wrongStarts: number[] = seeksWrongAt.filter((frame) => frame % size === 0);
        assert.deepEqual(
          redecoded.filter((start) => wrongStarts.includes(start)),
          wrongStarts,
          `${label}: the chunks at ${wrongStarts.join(', ')} were decoded again`,
        );
      }
      // The before/after stills are checked the same way: each shows its own source frame.
      const stills = jobs.at(-1)!.comparison?.stills ?? [];
      assert.equal(stills.length, 3, `${kind}: three stills`);
      for (const still of stills) {
        const label = `${kind}: the ${still.kind} still of source frame ${still.sourceFrame}`;
        assert.equal(
          await readStillBarcode(still.sourceUrl, WIDTH, HEIGHT),
          still.sourceFrame,
          `${label}: source`,
        );
        // An interpolated still shows a blend of two frames, which no barcode reads.
        if (still.kind === 'copied')
          assert.equal(
            await readStillBarcode(still.outputUrl, WIDTH, HEIGHT),
            still.sourceFrame,
            `${label}: output`,
          );
      }
    });
  }

  test(
    'a natural clip (friday.mp4) in 4:4:4 open GOPs: each copied frame is as close to the sequential decode as the same job on a lossless copy',
    { skip: !existsSync(FRIDAY) && `${FRIDAY} is absent` },
    async () => {
      // 72 frames at 160x120, keyframes every 24 with leading B-pictures: chunks of 11 start at 22.
      const [width, height] = [160, 120];
      const source = join(stack.dir, 'natural-444.mp4');
      await reencodeClip(FRIDAY, source, [
        ...['-vf', `scale=${width}:${height},trim=end_frame=${FRAMES}`, '-an'],
        ...MESSY_KINDS['open-gop-h264'].args.map((arg) => (arg === 'yuv420p' ? 'yuv444p' : arg)),
      ]);
      await stack.s3.store.putFile('inputs/natural-444.mp4', source);
      const job = await interpolate('s3://remaster/inputs/natural-444.mp4', 11);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      assert.ok(
        job.report?.chunks.some((chunk) => chunk.redecoded),
        'a chunk was decoded again',
      );
      // The encoder's own error: the same job on a lossless copy of the sequential decode
      // (FFV1 in Matroska: every frame a clean entry point) gives the pipeline's error alone.
      const lossless = join(stack.dir, 'natural-444-ffv1.mkv');
      await reencodeClip(source, lossless, ['-c:v', 'ffv1', '-pix_fmt', 'yuv444p']);
      await stack.s3.store.putFile('inputs/natural-444-ffv1.mkv', lossless);
      const clean = await interpolate('s3://remaster/inputs/natural-444-ffv1.mkv', 11);
      assert.equal(clean.status, 'completed', JSON.stringify(clean.error));
      const decode = (url: string) => decodeOutput(url, width, height);
      const [decoded, output, reference] = await Promise.all([
        decode(source),
        decode(job.output!.url),
        decode(clean.output!.url),
      ]);
      assert.equal(output.length, reference.length);
      for (let i = 0; i < FRAMES; i += 1) {
        const own = psnr(reference[2 * i]!, decoded[i]!);
        const got = psnr(output[2 * i]!, decoded[i]!);
        assert.ok(
          got >= own - 0.1,
          `output ${2 * i} is source frame ${i}: ${got.toFixed(1)} dB, the clean source's job ${own.toFixed(1)} dB`,
        );
      }
    },
  );

  test('MPEG-TS with open GOPs is normalised, then read and checked like any file', async () => {
    const url = await upload('integrity-open-gop.ts', (path) =>
      reencodeClip(barcode, path, [...MESSY_KINDS['open-gop-h264'].args, '-f', 'mpegts']),
    );
    const job = await interpolate(url, 11);
    await expectExact(job, 'MPEG-TS');
    assert.match(job.source?.normalised?.reason ?? '', /mpegts/);
  });

  test('an AVI whose index holds empty drop entries completes: each empty entry repeats the frame before', async () => {
    // Frames with n % 10 in 3…5 are dropped; the AVI muxer writes an empty index entry for each.
    const url = await upload('integrity-drops.avi', (path) =>
      reencodeClip(barcode, path, [
        ...['-vf', "select='not(between(mod(n\\,10)\\,3\\,5))'", '-fps_mode', 'passthrough'],
        ...['-c:v', 'mpeg4', '-q:v', '2'],
      ]),
    );
    const job = await interpolate(url, 11);
    const held = Array.from({ length: FRAMES }, (_, k) =>
      k % 10 >= 3 && k % 10 <= 5 ? k - (k % 10) + 2 : k,
    );
    const dropped = held.filter((n, k) => n !== k).length;
    assert.equal(job.source?.emptyIndexEntries, dropped, JSON.stringify(job.source));
    await expectExact(job, 'AVI with drops', held);
  });

  test('Matroska with timestamp gaps that declares 25 fps is normalised, its gaps held', async () => {
    const url = await upload('integrity-gaps.mkv', (path) =>
      reencodeClip(barcode, path, [
        ...['-vf', "select='not(eq(mod(n\\,6)\\,4))'", '-fps_mode', 'passthrough'],
        ...['-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv420p'],
      ]),
    );
    const job = await interpolate(url, 11);
    const held = Array.from({ length: FRAMES }, (_, k) => (k % 6 === 4 ? k - 1 : k));
    assert.match(job.source?.normalised?.reason ?? '', /grid|variable/, JSON.stringify(job.source));
    assert.equal(job.source?.emptyIndexEntries, FRAMES / 6, 'one gap in every six frames');
    await expectExact(job, 'mkv with gaps', held);
  });

  test('an AVI cut short is refused INPUT_TRUNCATED, not mistaken for drop entries', async () => {
    const whole = join(stack.dir, 'integrity-whole.avi');
    await reencodeClip(barcode, whole, ['-c:v', 'mpeg4', '-q:v', '2']);
    const url = await upload('integrity-cut.avi', async (path) => {
      const bytes = await readFile(whole);
      await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    });
    const job = await interpolate(url, 11);
    assert.equal(job.status, 'failed');
    assert.equal(job.error?.code, 'INPUT_TRUNCATED', JSON.stringify(job.error));
    // What a barcode decode of the cut file gives, to show the cut is real.
    assert.ok((await readBarcodes(path(url), WIDTH, HEIGHT)).length < FRAMES);
  });

  const path = (url: string) => join(stack.dir, url.split('/').pop()!);
});
