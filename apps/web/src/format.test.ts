import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeWork, formatBytes, formatPhase, formatRate, formatSeconds } from './format.js';

test('durations, sizes and rates read the way people say them', () => {
  assert.deepEqual(
    [formatSeconds(42.4), formatSeconds(185), formatSeconds(3720)],
    ['42 s', '3 min 5 s', '1 h 2 min'],
  );
  assert.deepEqual([formatPhase(0.4213), formatPhase(12.34)], ['0.42 s', '12.3 s']);
  assert.deepEqual(
    [formatBytes(812), formatBytes(1536), formatBytes(12 * 1024 ** 2)],
    ['812 B', '1.5 KiB', '12.0 MiB'],
  );
  assert.deepEqual(
    [formatRate('30000/1001'), formatRate('25'), formatRate('60/1')],
    ['29.97', '25', '60'],
  );
});

test('the work of a job in a few words', () => {
  assert.equal(
    describeWork({ upscale: { factor: 2 }, interpolate: { fps: 60 } }),
    '×2 upscale, 60 fps',
  );
  assert.equal(describeWork({ upscale: { height: 2160 } }), 'upscale to 2160p');
  assert.equal(describeWork({}), '—');
});
