import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNormaliseArgs, normalisationReason, normalisedRate } from './normalise.js';
import type { SourceInfo } from './parse-probe-output.js';
import { sourceInputArgs } from './source-formats.js';

const mp4: SourceInfo = {
  width: 64,
  height: 48,
  fps: { num: 25, den: 1 },
  constantFrameRate: true,
  nominalFps: { num: 25, den: 1 },
  frames: 50,
  durationSeconds: 2,
  startTime: 0,
  videoCodec: 'h264',
  pixelFormat: 'yuv420p',
  bitDepth: 8,
  hasAudio: false,
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
};

test('constant-rate mp4 and mkv are read directly; variable rate and MPEG-TS are normalised', () => {
  assert.equal(normalisationReason(mp4), undefined);
  assert.equal(normalisationReason({ ...mp4, container: 'matroska,webm' }), undefined);
  assert.equal(normalisationReason({ ...mp4, constantFrameRate: false }), 'variable frame rate');
  assert.match(
    normalisationReason({ ...mp4, container: 'mpegts' }) ?? '',
    /mpegts does not seek to exact frames/,
  );
});

test('normalises to the nominal rate when plausible, else to the average', () => {
  const vfr = {
    ...mp4,
    fps: { num: 20, den: 1 },
    nominalFps: { num: 25, den: 1 },
    constantFrameRate: false,
  };
  assert.deepEqual(normalisedRate(vfr), { num: 25, den: 1 });
  assert.deepEqual(normalisedRate({ ...vfr, nominalFps: { num: 1000, den: 1 } }), {
    num: 20,
    den: 1,
  });
});

test('builds the normalising encode', () => {
  assert.deepEqual(
    buildNormaliseArgs({ url: 'in.ts', fps: { num: 30000, den: 1001 }, outputPath: '/t/n.mkv' }),
    [
      ...['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', 'in.ts'],
      ...['-map', '0:v:0', '-an', '-sn', '-dn'],
      ...['-vf', 'fps=30000/1001', '-fps_mode', 'cfr'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '8', '-g', '48', '-pix_fmt', 'yuv420p'],
      ...['-f', 'matroska', '-y', '/t/n.mkv'],
    ],
  );
});

test('keeps a 10-bit source at 10 bits in the intermediate (x264 High 10)', () => {
  const args = buildNormaliseArgs({
    url: 'in.ts',
    fps: { num: 25, den: 1 },
    outputPath: '/t/n.mkv',
    bitDepth: 10,
  });
  assert.deepEqual(args.slice(args.indexOf('-c:v'), args.indexOf('-f')), [
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '8', '-g', '48'],
    ...['-pix_fmt', 'yuv420p10le'],
  ]);
});
