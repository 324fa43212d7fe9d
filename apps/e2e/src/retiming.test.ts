// Frame-exact retiming through the real processes (DESIGN §2): barcode clips whose
// frames carry their own index, rendered at several chunk sizes and rate ratios. Every
// output frame is decoded and compared with what §2 puts there: a copy of source frame
// i, or a blend of i and i + 1 at exactly τ (these jobs name the built-in blend model, which makes the bar
// levels predictable). A duplicate, a gap or a wrong τ at any join fails. Scene-cut
// detection is off except in the cut test: consecutive barcodes differ a lot.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseRational } from '@remaster/retiming';
import {
  checkBarcodeOutput,
  decodeOutput,
  makeClip,
  readBarcode,
  readStillBarcode,
  reencodeClip,
} from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

const FRAMES = 50;
const WIDTH = 64;
const HEIGHT = 32;
const CHUNK_SIZES = [1, 7, 48, 1000];

interface Case {
  readonly name: string;
  readonly fps: string;
  readonly request: Record<string, unknown>;
  readonly target: string;
  readonly factor?: number;
  readonly cutAt?: number;
}

const cases: Case[] = [
  {
    name: 'upscale only ×2',
    fps: '25',
    target: '25',
    factor: 2,
    request: { upscale: { factor: 2 } },
  },
  {
    name: '2× (25 → 50)',
    fps: '25',
    target: '50',
    request: { interpolate: { model: 'blend', factor: 2, sceneThreshold: 0 } },
  },
  {
    name: '25 → 60',
    fps: '25',
    target: '60',
    request: { interpolate: { model: 'blend', fps: 60, sceneThreshold: 0 } },
  },
  {
    name: '24 → 60',
    fps: '24',
    target: '60',
    request: { interpolate: { model: 'blend', fps: 60, sceneThreshold: 0 } },
  },
  {
    name: '30000/1001 → 60',
    fps: '30000/1001',
    target: '60',
    request: { interpolate: { model: 'blend', fps: 60, sceneThreshold: 0 } },
  },
];

describe('frame-exact retiming across chunks', () => {
  let stack: Stack;
  const inputs = new Map<string, string>();

  before(async () => {
    stack = await startStack({ WORKER_CONCURRENCY: '3' });
    for (const fps of ['25', '24', '30000/1001']) inputs.set(fps, await upload(fps));
    inputs.set('cut', await upload('25', 29));
  });
  after(() => stack?.stop());

  async function upload(fps: string, cutAt?: number): Promise<string> {
    const path = join(stack.dir, `barcode-${fps.replace('/', '_')}-${cutAt ?? 'nocut'}.mp4`);
    await makeClip({
      path,
      width: WIDTH,
      height: HEIGHT,
      fps: parseRational(fps),
      frames: FRAMES,
      barcode: true,
      cutAt,
    });
    const key = `inputs/${path.split('/').pop()!}`;
    await stack.s3.store.putFile(key, path);
    return `s3://remaster/${key}`;
  }

  for (const item of cases) {
    test(`${item.name}: every output frame in its exact place at chunk sizes ${CHUNK_SIZES.join(', ')}`, async () => {
      const jobs = await Promise.all(
        CHUNK_SIZES.map((frames) =>
          stack.submit({
            input: { url: inputs.get(item.fps) },
            ...item.request,
            output: { crf: 8 },
            chunk: { frames },
          }),
        ),
      );
      for (const [k, job] of jobs.entries())
        await checkJob(job.id, item, `chunks of ${CHUNK_SIZES[k]}`);
    });
  }

  test('a hard cut: no output frame is blended across it, at chunk sizes 7 and 48', async () => {
    // Bar flips between barcode frames score up to ~26 (scdet); the inversion at the cut ~64.
    const item: Case = {
      name: 'cut',
      fps: '25',
      target: '60',
      cutAt: 29,
      request: { interpolate: { model: 'blend', fps: 60, sceneThreshold: 40 } },
    };
    const jobs = await Promise.all(
      [7, 48].map((frames) =>
        stack.submit({
          input: { url: inputs.get('cut') },
          ...item.request,
          output: { crf: 8 },
          chunk: { frames },
        }),
      ),
    );
    for (const job of jobs) {
      const done = await checkJob(job.id, item, 'with a cut');
      assert.deepEqual(done.source?.sceneCuts, [29]);
    }
  });

  test('old film: irregularly repeated frames are missing frames, blended between distinct ones at chunk sizes 1, 7, 48, 1000 (and 7 at the source rate)', async () => {
    // 50 frames showing 31 pictures, held for 1, 2 or 3 frames in no regular pattern (the last
    // held to the end).
    const holds = [
      1, 2, 1, 1, 3, 1, 2, 2, 1, 1, 1, 3, 2, 1, 1, 2, 1, 3, 1, 1, 2, 1, 1, 2, 2, 1, 3, 1, 2, 1, 3,
    ];
    const sequence = holds.flatMap((hold, picture) => Array<number>(hold).fill(picture));
    assert.equal(sequence.length, FRAMES);
    const repeats = sequence.flatMap((n, k) => (k > 0 && n === sequence[k - 1] ? [k] : []));
    const path = join(stack.dir, 'old-film.mp4');
    await makeClip({
      path,
      width: WIDTH,
      height: HEIGHT,
      fps: 25,
      frames: FRAMES,
      barcode: true,
      sequence,
    });
    await stack.s3.store.putFile('inputs/old-film.mp4', path);
    const runs = [
      ...CHUNK_SIZES.map((frames) => ({
        frames,
        target: '60',
        interpolate: { model: 'blend', fps: 60 },
      })),
      // The same rate: repeats are replaced by frames between their neighbours.
      { frames: 7, target: '25', interpolate: { model: 'blend', factor: 1 } },
    ];
    const jobs = await Promise.all(
      runs.map((run) =>
        stack.submit({
          input: { url: 's3://remaster/inputs/old-film.mp4' },
          interpolate: { ...run.interpolate, sceneThreshold: 0, dedupe: true },
          output: { crf: 8 },
          chunk: { frames: run.frames },
        }),
      ),
    );
    for (const [k, job] of jobs.entries()) {
      const label = `→ ${runs[k]!.target} fps in chunks of ${runs[k]!.frames}`;
      const done = await stack.waitForJob(job.id);
      assert.equal(done.status, 'completed', `${label}: ${JSON.stringify(done.error)}`);
      assert.deepEqual(
        done.source?.repeatedFrames,
        { count: repeats.length, first: repeats },
        label,
      );
      const problem = await checkBarcodeOutput(done.output!.url, {
        ...{ frames: FRAMES, fps: '25', targetFps: runs[k]!.target, width: WIDTH, height: HEIGHT },
        ...{ sequence, repeats },
      });
      assert.equal(problem, undefined, `${label}: ${problem}`);
    }
  });

  test('awkward sources are normalised first: MPEG-TS seeks inexactly, variable frame rate drifts', async () => {
    const barcode = join(stack.dir, 'awkward-source.mp4');
    await makeClip({
      path: barcode,
      width: WIDTH,
      height: HEIGHT,
      fps: 25,
      frames: FRAMES,
      barcode: true,
    });
    const ts = join(stack.dir, 'awkward.ts');
    await reencode(barcode, ts, ['-g', '12', '-f', 'mpegts']);
    // Every fifth frame (n % 5 = 2) dropped: r_frame_rate 25, average 20.
    const vfr = join(stack.dir, 'awkward-vfr.mp4');
    await reencode(barcode, vfr, ['-vf', "select='not(eq(mod(n,5),2))'", '-fps_mode', 'vfr']);
    for (const path of [ts, vfr])
      await stack.s3.store.putFile(`inputs/${path.split('/').pop()!}`, path);

    const [tsJob, vfrJob] = await Promise.all(
      ['awkward.ts', 'awkward-vfr.mp4'].map((name) =>
        stack.submit({
          input: { url: `s3://remaster/inputs/${name}` },
          upscale: { factor: 2 },
          output: { crf: 8 },
          chunk: { frames: 7 },
        }),
      ),
    );
    const tsDone = await checkJob(
      tsJob!.id,
      { name: 'MPEG-TS', fps: '25', target: '25', factor: 2, request: {} },
      'normalised',
    );
    assert.match(tsDone.source?.normalised?.reason ?? '', /mpegts/);
    // Before/after stills: taken from the normalised intermediate, each the exact frame.
    const stills = tsDone.comparison?.stills ?? [];
    assert.equal(stills.length, 3);
    for (const still of stills) {
      assert.equal(await readStillBarcode(still.sourceUrl, WIDTH, HEIGHT), still.sourceFrame);
      assert.equal(
        await readStillBarcode(still.outputUrl, WIDTH * 2, HEIGHT * 2),
        still.sourceFrame,
      );
    }

    const vfrDone = await stack.waitForJob(vfrJob!.id);
    assert.equal(vfrDone.status, 'completed', JSON.stringify(vfrDone.error));
    assert.deepEqual(vfrDone.source?.normalised, { reason: 'variable frame rate', fps: '25' });
    assert.equal(vfrDone.source?.emptyIndexEntries, FRAMES / 5, 'the dropped frames are counted');
    const frames = await decodeOutput(vfrDone.output!.url, WIDTH * 2, HEIGHT * 2);
    // The gaps are filled by repeating the frame before, on the 25 fps grid.
    const expected = Array.from({ length: FRAMES }, (_, k) => (k % 5 === 2 ? k - 1 : k));
    assert.deepEqual(
      frames.map((frame) => readBarcode(frame, WIDTH * 2, HEIGHT * 2)),
      expected,
    );
  });

  async function checkJob(id: string, item: Case, label: string) {
    const job = await stack.waitForJob(id);
    assert.equal(job.status, 'completed', `${item.name} ${label}: ${JSON.stringify(job.error)}`);
    const factor = item.factor ?? 1;
    const problem = await checkBarcodeOutput(job.output!.url, {
      frames: FRAMES,
      fps: item.fps,
      targetFps: item.target,
      width: WIDTH * factor,
      height: HEIGHT * factor,
      ...(item.cutAt !== undefined ? { cutAt: item.cutAt } : {}),
    });
    assert.equal(problem, undefined, `${item.name} ${label}: ${problem}`);
    return job;
  }
});

/** A libx264 copy of a barcode clip with extra encoding arguments. */
function reencode(input: string, output: string, args: string[]): Promise<void> {
  return reencodeClip(input, output, [
    '-c:v',
    'libx264',
    '-crf',
    '10',
    '-pix_fmt',
    'yuv420p',
    ...args,
  ]);
}
