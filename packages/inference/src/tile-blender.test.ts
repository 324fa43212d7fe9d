import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractTile, TileBlender } from './tile-blender.js';
import { planTiles } from './tile-plan.js';

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
