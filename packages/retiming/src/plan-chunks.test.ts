import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameOp } from './retime.js';
import { createRetiming, frameOp } from './retime.js';
import { chunkFrameOps, planChunks } from './plan-chunks.js';
import { parseRational } from './rational.js';

const rates: Array<[string, string]> = [
  ['25', '25'],
  ['25', '50'],
  ['25', '60'],
  ['24', '60'],
  ['30000/1001', '60'],
  ['24', '60'],
  ['30', '75'],
  ['60', '25'],
  ['25', '100'],
];

for (const [from, to] of rates) {
  for (const chunkFrames of [1, 7, 48, 1000]) {
    test(`${from} → ${to} fps in chunks of ${chunkFrames}: every output frame once, in order`, () => {
      const sourceFrames = 101;
      const plan = planChunks({
        sourceFrames,
        sourceFps: parseRational(from),
        targetFps: parseRational(to),
        chunkFrames,
        maxChunks: 10_000,
      });
      const rendered: number[] = [];
      for (const chunk of plan.chunks) {
        for (let j = chunk.outputStart; j < chunk.outputEnd; j += 1) rendered.push(j);
        for (const op of chunkFrameOps(plan.retiming, chunk)) {
          for (const source of sourcesOf(op)) {
            assert.ok(
              source >= chunk.sourceStart && source < chunk.decodeEnd,
              `chunk ${chunk.index} reads ${source}`,
            );
          }
        }
        assert.ok(chunk.decodeEnd <= Math.min(chunk.sourceEnd + 1, sourceFrames));
      }
      const expected = Array.from({ length: plan.retiming.outputFrames }, (_, j) => j);
      assert.deepEqual(rendered, expected);
    });
  }
}

function sourcesOf(op: FrameOp): number[] {
  return op.kind === 'copy' ? [op.source] : [op.a, op.b];
}

test('25 → 60 fps: M = round(N·12/5) and exact positions', () => {
  const retiming = createRetiming(50, parseRational(25), parseRational(60));
  assert.equal(retiming.outputFrames, 120);
  const none = () => false;
  assert.deepEqual(frameOp(retiming, 0, none), { kind: 'copy', source: 0 });
  assert.deepEqual(frameOp(retiming, 12, none), { kind: 'copy', source: 5 });
  assert.deepEqual(frameOp(retiming, 5, none), {
    kind: 'interpolate',
    a: 2,
    b: 3,
    t: { num: 1, den: 12 },
  });
  // Output frames past the last source frame copy it: there is no i + 1.
  assert.deepEqual(frameOp(retiming, 119, none), { kind: 'copy', source: 49 });
});

test('30000/1001 → 60 keeps duration: M = round(N · 1001/500)', () => {
  const retiming = createRetiming(1000, parseRational('30000/1001'), parseRational(60));
  assert.equal(retiming.outputFrames, 2002);
});

test('a cut between i and i + 1 copies the nearer frame instead of interpolating', () => {
  const retiming = createRetiming(10, parseRational(25), parseRational(100));
  const cut = (i: number) => i === 4;
  assert.deepEqual(frameOp(retiming, 17, cut), { kind: 'copy', source: 4 });
  assert.deepEqual(frameOp(retiming, 18, cut), { kind: 'copy', source: 5 });
  assert.deepEqual(frameOp(retiming, 19, cut), { kind: 'copy', source: 5 });
  assert.equal(frameOp(retiming, 21, cut).kind, 'interpolate');
});

test('no look-ahead when the rate is unchanged', () => {
  const plan = planChunks({
    sourceFrames: 20,
    sourceFps: parseRational(25),
    targetFps: parseRational(25),
    chunkFrames: 8,
    maxChunks: 100,
  });
  assert.deepEqual(
    plan.chunks.map((c) => [c.sourceStart, c.sourceEnd, c.decodeEnd, c.outputStart, c.outputEnd]),
    [
      [0, 8, 8, 0, 8],
      [8, 16, 16, 8, 16],
      [16, 20, 20, 16, 20],
    ],
  );
});

test('doubling the rate reads one frame of look-ahead except in the last chunk', () => {
  const plan = planChunks({
    sourceFrames: 10,
    sourceFps: parseRational(25),
    targetFps: parseRational(50),
    chunkFrames: 4,
    maxChunks: 100,
  });
  assert.deepEqual(
    plan.chunks.map((c) => [c.sourceStart, c.sourceEnd, c.decodeEnd, c.outputStart, c.outputEnd]),
    [
      [0, 4, 5, 0, 8],
      [4, 8, 9, 8, 16],
      [8, 10, 10, 16, 20],
    ],
  );
});

test('the chunk count is capped by growing chunks', () => {
  const plan = planChunks({
    sourceFrames: 1000,
    sourceFps: parseRational(25),
    targetFps: parseRational(25),
    chunkFrames: 1,
    maxChunks: 10,
  });
  assert.equal(plan.chunks.length, 10);
  assert.equal(plan.chunkFrames, 100);
});

test('the cap holds when joins move onto scene cuts and shorten the chunks', () => {
  // A cut 23 frames before every nominal join (within a quarter of 100): 77-frame chunks.
  const cutsAfter = Array.from({ length: 20 }, (_, k) => 76 + k * 77);
  const plan = planChunks({
    sourceFrames: 1000,
    sourceFps: parseRational(24),
    targetFps: parseRational(60),
    chunkFrames: 1,
    maxChunks: 10,
    cutsAfter,
  });
  assert.ok(plan.chunks.length <= 10, `${plan.chunks.length} chunks`);
  assert.equal(plan.chunks.at(-1)?.sourceEnd, 1000);
  assert.equal(plan.chunks.at(-1)?.outputEnd, plan.retiming.outputFrames);
});

test('rejects a chunk size that is not a positive integer', () => {
  const base = {
    sourceFrames: 10,
    sourceFps: parseRational(25),
    targetFps: parseRational(25),
    maxChunks: 5,
  };
  assert.throws(() => planChunks({ ...base, chunkFrames: 0 }), /chunk size/);
  assert.throws(() => planChunks({ ...base, chunkFrames: 2.5 }), /chunk size/);
});

test('chunk boundaries snap to a scene cut within a quarter chunk', () => {
  const plan = planChunks({
    sourceFrames: 100,
    sourceFps: parseRational(24),
    targetFps: parseRational(60),
    chunkFrames: 40,
    maxChunks: 100,
    cutsAfter: [45, 90],
  });
  // 40 → 46 (the cut after 45 is 6 frames away, within 10); 86 → 91 (5 away).
  assert.deepEqual(
    plan.chunks.map((c) => [c.sourceStart, c.sourceEnd]),
    [
      [0, 46],
      [46, 91],
      [91, 100],
    ],
  );
  const far = planChunks({
    sourceFrames: 100,
    sourceFps: parseRational(24),
    targetFps: parseRational(60),
    chunkFrames: 40,
    maxChunks: 100,
    cutsAfter: [60],
  });
  assert.deepEqual(
    far.chunks.map((c) => c.sourceStart),
    [0, 40, 80],
  );
});

for (const chunkFrames of [1, 7, 48]) {
  test(`with cuts, chunks of ${chunkFrames} still render every output frame once and never interpolate across a cut`, () => {
    const cutsAfter = [9, 10, 33, 70];
    const plan = planChunks({
      sourceFrames: 90,
      sourceFps: parseRational(24),
      targetFps: parseRational(60),
      chunkFrames,
      maxChunks: 1000,
      cutsAfter,
    });
    const rendered: number[] = [];
    for (const chunk of plan.chunks) {
      const ops = chunkFrameOps(plan.retiming, chunk, cutsAfter);
      ops.forEach((op, k) => {
        rendered.push(chunk.outputStart + k);
        if (op.kind === 'interpolate')
          assert.ok(
            !cutsAfter.includes(op.a),
            `frame ${chunk.outputStart + k} blends across the cut after ${op.a}`,
          );
        for (const source of sourcesOf(op))
          assert.ok(source >= chunk.sourceStart && source < chunk.decodeEnd);
      });
    }
    assert.deepEqual(
      rendered,
      Array.from({ length: plan.retiming.outputFrames }, (_, j) => j),
    );
  });
}

test('a range plans exactly the full plan outputs of its source frames (a preview)', () => {
  const input = {
    sourceFrames: 100,
    sourceFps: parseRational(25),
    targetFps: parseRational(60),
    chunkFrames: 7,
    maxChunks: 50,
    cutsAfter: [40],
  };
  const full = planChunks(input);
  const span = planChunks({ ...input, range: { start: 30, end: 55 } });
  const opsOf = (plan: ReturnType<typeof planChunks>) =>
    plan.chunks.flatMap((chunk) => chunkFrameOps(plan.retiming, chunk, input.cutsAfter));
  const first = span.chunks[0]!;
  const last = span.chunks.at(-1)!;
  assert.equal(first.sourceStart, 30);
  assert.equal(last.sourceEnd, 55);
  assert.equal(first.outputStart, Math.ceil((30 * 60) / 25));
  assert.deepEqual(
    opsOf(span),
    opsOf(full).slice(first.outputStart, last.outputEnd),
    'the span is the full plan’s frames, nothing shifted',
  );
  assert.throws(() => planChunks({ ...input, range: { start: 90, end: 101 } }), RangeError);
});
