import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractTile, TileBlender } from './tile-blender.js';
import { axisWeights, planTiles } from './tile-plan.js';

// A 3x2 frame whose pixels are numbered 1..6 in every channel.
const frame = Uint8Array.from([1, 2, 3, 4, 5, 6].flatMap((v) => [v, v, v]));
const firstChannel = (bytes: Uint8Array) => [...bytes].filter((_, i) => i % 3 === 0);

test('a tile is cut out, and past the edge the edge pixels repeat', () => {
  const out = new Uint8Array(3 * 4 * 3);
  extractTile(frame, 3, 2, { x: 1, y: 0, width: 4, height: 3 }, out);
  assert.deepEqual(firstChannel(out), [2, 3, 3, 3, 5, 6, 6, 6, 5, 6, 6, 6]);
  assert.throws(
    () => extractTile(frame, 3, 2, { x: 3, y: 0, width: 1, height: 1 }, out),
    /outside a 3x2 frame/,
  );
});

test('tiles that agree blend to exactly their values; one tile only crops', () => {
  const plan = planTiles({ width: 6, height: 2, maxTile: 4, overlap: 2, multiple: 1 });
  assert.equal(plan.spansX.length, 2);
  const blender = new TileBlender(plan, 6, 2, 1);
  const whole = Uint8Array.from({ length: 36 }, (_, i) => (i * 37) % 256);
  for (const [ix, span] of plan.spansX.entries()) {
    const tile = new Uint8Array(3 * span.size * 2);
    extractTile(whole, 6, 2, { x: span.start, y: 0, width: span.size, height: 2 }, tile);
    blender.add(ix, 0, tile);
  }
  assert.deepEqual([...blender.finish()], [...whole]);
  const single = new TileBlender(
    planTiles({ width: 3, height: 2, maxTile: 8, overlap: 2, multiple: 4 }),
    3,
    2,
    1,
  );
  const padded = new Uint8Array(3 * 4 * 4);
  extractTile(frame, 3, 2, { x: 0, y: 0, width: 4, height: 4 }, padded);
  single.add(0, 0, padded);
  assert.deepEqual([...single.finish()], [...frame]);
});

test('tiles that disagree blend as the weighted sum of axisWeights, copied where one tile alone counts', () => {
  const [w, h, scale] = [37, 23, 2];
  const plan = planTiles({ width: w, height: h, maxTile: 16, overlap: 4, multiple: 1 });
  const weightsX = axisWeights(plan.spansX, w, scale);
  const weightsY = axisWeights(plan.spansY, h, scale);
  const [ow, oh] = [w * scale, h * scale];
  const tiles = plan.spansY.map((sy, iy) =>
    plan.spansX.map((sx, ix) =>
      Uint8Array.from(
        { length: 3 * sx.size * sy.size * scale * scale },
        (_, i) => (i * 31 + ix * 97 + iy * 53) % 256,
      ),
    ),
  );
  const expected = new Float64Array(3 * ow * oh);
  plan.spansY.forEach((sy, iy) =>
    plan.spansX.forEach((sx, ix) => {
      const tileWidth = sx.size * scale;
      weightsY[iy]!.forEach((wy, row) =>
        weightsX[ix]!.forEach((wx, column) => {
          for (let c = 0; c < 3; c++) {
            const target = 3 * ((sy.start * scale + row) * ow + sx.start * scale + column) + c;
            expected[target]! +=
              Math.fround(wy * wx) * tiles[iy]![ix]![3 * (row * tileWidth + column) + c]!;
          }
        }),
      );
    }),
  );
  const blender = new TileBlender(plan, w, h, scale);
  tiles.forEach((row, iy) => row.forEach((tile, ix) => blender.add(ix, iy, tile)));
  const out = blender.finish();
  // Within 1 of the exact sum (float32 accumulation); the pixels one tile covers exactly.
  let off = 0;
  let exact = 0;
  for (let i = 0; i < out.length; i++) {
    const want = Math.min(255, Math.round(expected[i]!));
    if (Math.abs(out[i]! - want) > 1) off += 1;
    if (out[i] === want) exact += 1;
  }
  assert.equal(off, 0);
  assert.ok(exact > out.length * 0.9, `${exact} of ${out.length} exact`);
});
