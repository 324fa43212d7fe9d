import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findRepeats } from './repeated-frames.js';
import { runProcess } from './run-process.js';
import { parseFrameScan, scanFrames, sceneCutsOf } from './scene-cuts.js';

test('repeats are frames at most the threshold from the one before; long holds are content', () => {
  const mafd = [0, 1.2, 0.01, 0.02, 0.9, 0.04, 1.1, 0, 0, 0, 0, 0, 0.8];
  assert.deepEqual(findRepeats(mafd, 0.06), [2, 3, 5]);
  assert.deepEqual(findRepeats(mafd, 0.06, 6), [2, 3, 5, 7, 8, 9, 10, 11]);
  assert.deepEqual(findRepeats(mafd, 1), [2, 3, 4, 5], 'the run of six from 7 is dropped whole');
  assert.deepEqual(findRepeats([0, 0, 0], 0.06), [1, 2], 'a run at the end counts');
});

test('parses mafd and score per frame from one scdet pass', () => {
  const output = [
    'frame:0    pts:0       pts_time:0',
    'lavfi.scd.mafd=0.000',
    'lavfi.scd.score=0.000',
    'frame:1    pts:1       pts_time:0.04',
    'lavfi.scd.mafd=0.010',
    'lavfi.scd.score=0.010',
    'frame:2    pts:2       pts_time:0.08',
    'lavfi.scd.mafd=30.5',
    'lavfi.scd.score=24.800',
  ].join('\n');
  const scan = parseFrameScan(output);
  assert.deepEqual(scan, { mafd: [0, 0.01, 30.5], score: [0, 0.01, 24.8] });
  assert.deepEqual(sceneCutsOf(scan, 10), [2]);
});

test('a 10 fps barcode padded to 25 fps by repeats: exactly the padded frames are found', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'repeats-'));
  try {
    const path = join(dir, 'padded.mp4');
    const bars = "geq=lum='if(bitand(N,pow(2,floor(X*16/W))),235,16)':cb=128:cr=128";
    await runProcess({
      command: 'ffmpeg',
      args: [
        ...['-nostdin', '-v', 'error', '-f', 'lavfi'],
        ...['-i', `color=c=black:s=64x32:r=10,format=yuv420p,${bars},fps=25,trim=end_frame=50`],
        ...['-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv420p', '-y', path],
      ],
    });
    const scan = await scanFrames(path);
    assert.equal(scan.mafd.length, 50);
    // ffmpeg's fps filter shows input frame k at outputs ⌈2.5k⌉…: new pictures at n mod 5 ∈ {0, 3}.
    const expected = Array.from({ length: 50 }, (_, n) => n).filter(
      (n) => n % 5 !== 0 && n % 5 !== 3,
    );
    assert.deepEqual(findRepeats(scan.mafd, 0.06), expected);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
