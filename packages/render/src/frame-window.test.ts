import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameWindow } from './frame-window.js';

async function* frames(count: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i += 1) yield Buffer.from([i]);
}

test('reads forward on demand and serves frames still held', async () => {
  const window = new FrameWindow(frames(5), 10);
  assert.deepEqual(await window.get(11), Buffer.from([1]));
  assert.deepEqual(await window.get(10), Buffer.from([0]));
  window.release(11);
  assert.equal(await window.get(10), undefined);
  assert.deepEqual(await window.get(14), Buffer.from([4]));
  assert.equal(await window.get(15), undefined);
  assert.equal(window.decoded, 15);
});
