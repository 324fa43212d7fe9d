import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rational } from './rational.js';
import { chooseStills, sourceFrameOf } from './choose-stills.js';

test('25 → 60 fps: three stills spread over the clip, an interpolated one among them', () => {
  const stills = chooseStills({
    sourceFrames: 50,
    sourceFps: rational(25),
    targetFps: rational(60),
    outputFrames: 120,
    sceneCuts: [],
  });
  assert.deepEqual(
    stills.map((s) => s.outputFrame),
    [30, 60, 90],
  );
  // Frame 30 sits at source position 12.5; frame 60 at exactly 25.
  assert.deepEqual(stills[0]!.op, { kind: 'interpolate', a: 12, b: 13, t: rational(1, 2) });
  assert.deepEqual(stills[1]!.op, { kind: 'copy', source: 25 });
  assert.equal(sourceFrameOf(stills[0]!.op), 13);
});

test('when the spread frames are all copies, the middle one moves to the nearest interpolated frame', () => {
  // 2× rate: even output frames are copies, odd ones are blends; 6, 12 and 18 are even.
  const stills = chooseStills({
    sourceFrames: 12,
    sourceFps: rational(25),
    targetFps: rational(50),
    outputFrames: 24,
    sceneCuts: [],
  });
  assert.deepEqual(
    stills.map((s) => [s.outputFrame, s.op.kind]),
    [
      [6, 'copy'],
      [13, 'interpolate'],
      [18, 'copy'],
    ],
  );
});

test('an upscale only (same rate) has copies only; across a scene cut nothing is blended', () => {
  const same = chooseStills({
    sourceFrames: 40,
    sourceFps: rational(25),
    targetFps: rational(25),
    outputFrames: 40,
    sceneCuts: [],
  });
  assert.deepEqual(
    same.map((s) => [s.outputFrame, sourceFrameOf(s.op)]),
    [
      [10, 10],
      [20, 20],
      [30, 30],
    ],
  );
  const cut = chooseStills({
    sourceFrames: 2,
    sourceFps: rational(25),
    targetFps: rational(50),
    outputFrames: 4,
    sceneCuts: [1],
    count: 1,
  });
  assert.deepEqual(
    cut.map((s) => s.op.kind),
    ['copy'],
  );
});
