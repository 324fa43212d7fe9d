import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveFramePipes } from './frame-pipes.js';

test('FRAME_PIPES=auto is yuv on a GPU provider, fused (yuv where it runs fused) on cpu; explicit values win', () => {
  assert.equal(resolveFramePipes('auto', 'cuda,cpu'), 'yuv');
  assert.equal(resolveFramePipes('auto', 'tensorrt'), 'yuv');
  assert.equal(resolveFramePipes('auto', 'cpu'), 'fused');
  assert.equal(resolveFramePipes('auto', 'cpu,cuda'), 'fused');
  assert.equal(resolveFramePipes('yuv', 'cpu'), 'yuv');
  assert.equal(resolveFramePipes('rgb', 'cuda'), 'rgb');
});
