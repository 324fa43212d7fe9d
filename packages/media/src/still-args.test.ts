import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildStillsArgs } from './still-args.js';

test('one input per still, seeking half a frame before it, each mapped to one JPEG', () => {
  assert.deepEqual(
    buildStillsArgs([
      { url: 'in.mp4', frame: 25, fps: { num: 25, den: 1 }, outputPath: 'a.jpg' },
      { url: 'out.mp4', frame: 0, fps: { num: 50, den: 1 }, outputPath: 'b.jpg' },
    ]),
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
      ...['-ss', '0.980000', '-i', 'in.mp4', '-i', 'out.mp4'],
      ...['-map', '0:v:0', '-frames:v', '1', '-an', '-sn', '-vf'],
      ...['scale=out_range=full,format=yuvj444p', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg'],
      'a.jpg',
      ...['-map', '1:v:0', '-frames:v', '1', '-an', '-sn', '-vf'],
      ...['scale=out_range=full,format=yuvj444p', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg'],
      'b.jpg',
    ],
  );
  assert.throws(
    () => buildStillsArgs([{ url: 'x', frame: -1, fps: { num: 25, den: 1 }, outputPath: 'o' }]),
    /non-negative integer/,
  );
  assert.throws(() => buildStillsArgs([]), /at least one/);
});
