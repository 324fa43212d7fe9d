import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkContext, chunkFrameOps, planChunks } from './plan-chunks.js';
import { parseRational } from './rational.js';
import { repeatLookup, repeatsNear } from './repeats.js';
import type { FrameOp } from './retime.js';
import { createRetiming, frameOp, lowestSource } from './retime.js';

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About a third of the frames repeat, in runs of 1–3, irregularly; sometimes a repeated tail. */
function repeatPattern(frames: number, next: () => number): number[] {
  const repeats: number[] = [];
  for (let i = 1; i < frames; i += 1) {
    if (next() < 0.3) {
      const run = 1 + Math.floor(next() * 3);
      for (let k = 0; k < run && i < frames; k += 1, i += 1) repeats.push(i);
    }
  }
  return repeats;
}

test('repeatLookup: runs, the frame a repeat holds, the next distinct frame', () => {
  const repeats = repeatLookup([5, 2, 3, 9, 3]);
  assert.deepEqual(
    Array.from({ length: 11 }, (_, i) => repeats.isRepeat(i)),
    [false, false, true, true, false, true, false, false, false, true, false],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 9].map((i) => repeats.keyAtOrBefore(i)),
    [0, 1, 1, 1, 4, 4, 8],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4, 8, 9].map((i) => repeats.keyAfter(i, 11)),
    [1, 4, 4, 4, 6, 10, 10],
  );
  assert.equal(repeats.keyAfter(8, 10), undefined, 'frame 9 repeats to the end');
  assert.throws(() => repeatLookup([0]), RangeError);
  assert.deepEqual(repeatsNear([2, 3, 5, 9, 10, 20], 4, 9), [5, 9, 10]);
  assert.deepEqual(repeatsNear([2, 3, 5], 0, 2), [2, 3], 'a run starting at the end is whole');
  assert.deepEqual(
    chunkContext(
      { decodeStart: 4, decodeEnd: 9 },
      { sourceFrames: 30, cutsAfter: [3, 4, 10, 11], repeats: [2, 3, 5, 9, 10, 20] },
    ),
    { cutsAfter: [4, 10], repeats: [5, 9, 10] },
    'cuts up to the first distinct frame after the range (11)',
  );
});

test('16 fps padded to 25, then 25 → 50: output frames sit between distinct frames at their true positions', () => {
  const retiming = createRetiming(10, parseRational(25), parseRational(50));
  const repeats = repeatLookup([2, 5, 6]);
  const none = () => false;
  const ops = Array.from({ length: 8 }, (_, j) => frameOp(retiming, j, none, repeats));
  assert.deepEqual(ops, [
    { kind: 'copy', source: 0 },
    { kind: 'interpolate', a: 0, b: 1, t: { num: 1, den: 2 } },
    { kind: 'copy', source: 1 },
    { kind: 'interpolate', a: 1, b: 3, t: { num: 1, den: 4 } },
    { kind: 'interpolate', a: 1, b: 3, t: { num: 1, den: 2 } },
    { kind: 'interpolate', a: 1, b: 3, t: { num: 3, den: 4 } },
    { kind: 'copy', source: 3 },
    { kind: 'interpolate', a: 3, b: 4, t: { num: 1, den: 2 } },
  ]);
  assert.deepEqual(frameOp(retiming, 10, none, repeats), {
    kind: 'interpolate',
    a: 4,
    b: 7,
    t: { num: 1, den: 3 },
  });
  // A cut inside the gap: no bridging, the plain rule on i and i + 1.
  const cut = (i: number) => i === 5;
  assert.deepEqual(frameOp(retiming, 10, cut, repeats), { kind: 'copy', source: 5 });
  assert.deepEqual(frameOp(retiming, 11, cut, repeats), { kind: 'copy', source: 6 });
  // Repeats to the end: the last frames copy themselves.
  const tail = repeatLookup([8, 9]);
  assert.deepEqual(frameOp(retiming, 17, none, tail), { kind: 'copy', source: 8 });
  assert.deepEqual(frameOp(retiming, 19, none, tail), { kind: 'copy', source: 9 });
});

const RATES: Array<[string, string]> = [
  ['25', '25'],
  ['25', '50'],
  ['25', '60'],
  ['24', '60'],
  ['30000/1001', '60'],
  ['60', '25'],
];

test('property: with irregular repeats, every chunking renders 0 … M−1 once, from the frames it decodes, as the whole plan does', () => {
  let cases = 0;
  for (let seed = 1; seed <= 40; seed += 1) {
    const next = random(seed);
    const sourceFrames = 20 + Math.floor(next() * 80);
    const repeats = repeatPattern(sourceFrames, next);
    const lookup = repeatLookup(repeats);
    const cutsAfter = next() < 0.5 ? [] : [Math.floor(next() * (sourceFrames - 1))];
    const [from, to] = RATES[seed % RATES.length]!;
    const retiming = createRetiming(sourceFrames, parseRational(from), parseRational(to));
    const whole = Array.from({ length: retiming.outputFrames }, (_, j) =>
      frameOp(retiming, j, (i) => cutsAfter.includes(i), lookup),
    );
    whole.forEach((op, j) => checkOp(op, j, { retiming, lookup, cutsAfter, seed }));
    // Workers forget frames below the current recipe's lowest: later ones never read them.
    whole.forEach((op, j) =>
      assert.ok(j === 0 || lowestSource(op) >= lowestSource(whole[j - 1]!), `seed ${seed}: ${j}`),
    );
    for (const chunkFrames of [1, 2, 3, 7, 48, 1000]) {
      const label = `seed ${seed}, ${from} → ${to}, ${sourceFrames} frames, chunks of ${chunkFrames}`;
      const plan = planChunks({
        ...{ sourceFrames, sourceFps: parseRational(from), targetFps: parseRational(to) },
        ...{ chunkFrames, maxChunks: 10_000, cutsAfter, repeats },
      });
      const rendered: FrameOp[] = [];
      let expectedStart = 0;
      for (const chunk of plan.chunks) {
        assert.equal(chunk.outputStart, expectedStart, `${label}: chunk ${chunk.index} starts`);
        expectedStart = chunk.outputEnd;
        assert.ok(chunk.decodeStart >= 0 && chunk.decodeEnd <= sourceFrames, label);
        // What the worker has: cuts and repeats near its decode range only.
        const context = chunkContext(chunk, { sourceFrames, cutsAfter, repeats });
        const ops = chunkFrameOps(plan.retiming, chunk, context.cutsAfter, context.repeats);
        for (const op of ops)
          for (const source of op.kind === 'copy' ? [op.source] : [op.a, op.b])
            assert.ok(
              source >= chunk.decodeStart && source < chunk.decodeEnd,
              `${label}: chunk ${chunk.index} reads ${source} outside [${chunk.decodeStart}, ${chunk.decodeEnd})`,
            );
        rendered.push(...ops);
      }
      assert.equal(expectedStart, retiming.outputFrames, `${label}: no gap at the end`);
      assert.deepEqual(rendered, whole, `${label}: chunks render the whole plan`);
      cases += 1;
    }
  }
  assert.equal(cases, 240);
});

interface CheckContext {
  readonly retiming: ReturnType<typeof createRetiming>;
  readonly lookup: ReturnType<typeof repeatLookup>;
  readonly cutsAfter: readonly number[];
  readonly seed: number;
}

/** An interpolated frame blends two adjacent distinct frames at exactly its position. */
function checkOp(op: FrameOp, j: number, { retiming, lookup, cutsAfter, seed }: CheckContext) {
  const where = `seed ${seed}, output ${j}`;
  const { num, den } = retiming.ratio;
  if (op.kind === 'copy') {
    // A copy shows the source picture at or next to p (exact on a distinct frame, else held).
    const i = Math.floor((j * den) / num);
    assert.ok(op.source === i || op.source === i + 1, `${where}: copies ${op.source}`);
    return;
  }
  assert.ok(!lookup.isRepeat(op.a) && !lookup.isRepeat(op.b), `${where}: blends a repeat`);
  assert.equal(lookup.keyAfter(op.a, retiming.sourceFrames), op.b, `${where}: skips a frame`);
  assert.ok(op.t.num > 0 && op.t.num < op.t.den, `${where}: τ in (0,1)`);
  // a + τ·(b − a) = j·den/num, in integers.
  const lhs =
    (BigInt(op.a) * BigInt(op.t.den) + BigInt(op.t.num) * BigInt(op.b - op.a)) * BigInt(num);
  assert.equal(lhs, BigInt(j) * BigInt(den) * BigInt(op.t.den), `${where}: τ is exact`);
  for (let x = op.a; x < op.b; x += 1)
    assert.ok(!cutsAfter.includes(x), `${where}: blends across the cut after ${x}`);
}
