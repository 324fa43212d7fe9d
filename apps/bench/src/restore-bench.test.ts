// The restore bench's pure parts: its settings, the JPEG tables and arguments, its rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBenchSettings } from './bench-settings.js';
import { studioLuma } from './restore-frames.js';
import { buildJpegClipArgs, jpegQuantTables } from './restore-jpeg.js';
import { psnrRows } from './restore-quality.js';
import { framesPerSecond, median, qualityRow, speedRow } from './restore-report.js';

test('the restore settings: defaults, flags and BENCH_FRAMES', () => {
  assert.deepEqual(loadBenchSettings('restore', { argv: [], env: {} }), {
    frames: 48,
    modelFrames: 3,
    rounds: 3,
    start: 17,
    size: [640, 360],
    input: undefined,
    modelsDir: undefined,
  });
  const settings = loadBenchSettings('restore', {
    argv: ['--model-frames', '5', '--start', '24', '--size', '320x180'],
    env: { BENCH_FRAMES: '96' },
  });
  assert.deepEqual([settings.frames, settings.modelFrames, settings.start], [96, 5, 24]);
  assert.deepEqual(settings.size, [320, 180]);
  assert.throws(
    () => loadBenchSettings('restore', { argv: ['--frames', '4'], env: {} }),
    /--frames/,
  );
});

test('IJG tables: the standard ones at q50, scaled by 5000/q below it, clamped to 1–255', () => {
  const q50 = jpegQuantTables(50);
  assert.deepEqual(q50.luma.slice(0, 8), [16, 11, 10, 16, 24, 40, 51, 61]);
  assert.deepEqual(q50.chroma.slice(0, 8), [17, 18, 24, 47, 99, 99, 99, 99]);
  assert.equal(q50.luma.length, 64);
  assert.equal(q50.chroma.length, 64);
  const q20 = jpegQuantTables(20);
  assert.deepEqual(q20.luma.slice(0, 8), [40, 28, 25, 40, 60, 100, 128, 153]);
  assert.equal(q20.luma[60], 255); // 112 · 2.5 clamps
  assert.deepEqual(q20.chroma.slice(0, 4), [43, 45, 60, 118]);
  assert.deepEqual(new Set(jpegQuantTables(100).luma), new Set([1]));
  assert.deepEqual(new Set(jpegQuantTables(1).chroma), new Set([255]));
  for (const bad of [0, 101, 20.5]) assert.throws(() => jpegQuantTables(bad), RangeError);
});

test('the JPEG clip: mjpeg at -q:v 8 with the tables as its matrices', () => {
  const { luma, chroma } = jpegQuantTables(20);
  assert.deepEqual(
    buildJpegClipArgs({ width: 64, height: 36, quality: 20, outputPath: '/tmp/j.mkv' }),
    [
      ...['-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
      ...['-s', '64x36', '-framerate', '25', '-i', 'pipe:0'],
      ...['-c:v', 'mjpeg', '-q:v', '8', '-pix_fmt', 'yuvj420p'],
      ...['-intra_matrix', luma.join(','), '-chroma_intra_matrix', chroma.join(',')],
      ...['-y', '/tmp/j.mkv'],
    ],
  );
});

test('median and frames/s past the start', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 3);
  assert.throws(() => median([]), RangeError);
  assert.deepEqual(framesPerSecond({ frames: 25, seconds: 2, start: 0.5 }), {
    whole: 12.5,
    pastStart: 16,
  });
  assert.deepEqual(framesPerSecond({ frames: 10, seconds: 0.5 }), { whole: 20, pastStart: 20 });
  assert.deepEqual(framesPerSecond({ frames: 10, seconds: 0.5, start: 0.5 }), { whole: 20 });
});

test('a speed row: frames/s whole and past the start, and both ratios to the baseline', () => {
  const row = speedRow({
    stage: 'decode + nlmeans',
    frames: 25,
    seconds: 2,
    start: 0.5,
    baseline: { name: 'plain decode', frames: 25, seconds: 0.5, start: 0.26 },
    load: [1.25, 2, 3.5],
  });
  assert.equal(
    row,
    '| decode + nlmeans | 25 | 12.5 | 16.0 | plain decode | 50.0 | 100.0 | **0.25** | **0.16** | 1.3 2.0 3.5 |',
  );
  const js = speedRow({
    stage: 'gain',
    frames: 10,
    seconds: 0.1,
    baseline: { name: 'plain decode', frames: 10, seconds: 0.5, start: 0.3 },
    load: [1, 1, 1],
  });
  assert.equal(
    js,
    '| gain | 10 | 100.0 | — | plain decode | 20.0 | 45.0 | **5.00** | **2.22** | 1.0 1.0 1.0 |',
  );
  const crossed = speedRow({
    stage: 'bwdif',
    frames: 12,
    seconds: 0.3,
    start: 0.31,
    baseline: { name: 'plain decode', frames: 12, seconds: 0.25, start: 0.2 },
    load: [9, 9, 9],
  });
  assert.equal(
    crossed,
    '| bwdif | 12 | 40.0 | n/a | plain decode | 48.0 | 220.0 | **0.83** | n/a | 9.0 9.0 9.0 |',
  );
});

test('a quality row: a PSNR change in dB, a variance by the factor it shrank', () => {
  const base = { degradation: 'noise', restoration: 'nlmeans', frames: 4 };
  assert.equal(
    qualityRow({ ...base, measure: 'PSNR RGB (dB)', before: 24.714, after: 35.5 }),
    '| noise | nlmeans | 4 | PSNR RGB (dB) | 24.71 | 35.50 | **+10.79 dB** |',
  );
  assert.equal(
    qualityRow({ ...base, measure: 'PSNR Y (dB)', before: 30, after: 29.5 }),
    '| noise | nlmeans | 4 | PSNR Y (dB) | 30.00 | 29.50 | **-0.50 dB** |',
  );
  assert.equal(
    qualityRow({ ...base, measure: 'frame-mean luma variance', before: 3e-3, after: 6e-4 }),
    '| noise | nlmeans | 4 | frame-mean luma variance | 3.00e-3 | 6.00e-4 | **÷ 5.0** |',
  );
});

test('BT.601 studio luma from RGB: black 16, white 235, pure green 145', () => {
  const rgb = Uint8Array.from([0, 0, 0, 255, 255, 255, 0, 255, 0, 255, 0, 0]);
  assert.deepEqual([...studioLuma(rgb)], [16, 235, 145, 81]);
});

test('PSNR rows: one per measure, over the frames given, before and after', () => {
  const reference = [Uint8Array.from([10, 20, 30, 40, 50, 60])];
  const degraded = [Uint8Array.from([12, 20, 30, 40, 50, 60])]; // MSE 4/6 on RGB
  const restored = [Uint8Array.from([11, 20, 30, 40, 50, 60])]; // MSE 1/6
  const rows = psnrRows({
    degradation: 'noise',
    restoration: 'model',
    degraded,
    restored,
    reference,
    measures: ['rgb', 'yuv-y'],
    lumaSamples: 2,
  });
  const db = (mse: number) => 10 * Math.log10((255 * 255) / mse);
  assert.deepEqual(
    rows.map((row) => [row.measure, row.frames, row.before, row.after]),
    [
      ['PSNR RGB (dB)', 1, db(4 / 6), db(1 / 6)],
      ['PSNR Y (dB)', 1, db(2), db(1 / 2)],
    ],
  );
});
