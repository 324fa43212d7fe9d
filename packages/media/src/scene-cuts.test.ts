import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectSceneCuts, parseSceneCuts } from './scene-cuts.js';

test('parses scores into the first frames of new scenes', () => {
  const output = [
    'frame:0    pts:0       pts_time:0',
    'lavfi.scd.score=0.000',
    'frame:1    pts:1       pts_time:0.04',
    'lavfi.scd.score=3.100',
    'frame:2    pts:2       pts_time:0.08',
    'lavfi.scd.score=24.800',
  ].join('\n');
  assert.deepEqual(parseSceneCuts(output, 10), [2]);
  assert.deepEqual(parseSceneCuts(output, 3), [1, 2]);
});

// ../shared beside the repository holds the real clips; skip when it is absent.
const BUNNY = fileURLToPath(
  new URL('../../../../shared/media/videos/big_buck_bunny_0_30.webm', import.meta.url),
);

test(
  'finds the three hard cuts of Big Buck Bunny and not its fade from black',
  { skip: !existsSync(BUNNY) && `${BUNNY} is absent` },
  async () => {
    // SOURCES.md: cuts at about 11.80 s, 15.67 s and 22.96 s at 24 fps.
    assert.deepEqual(await detectSceneCuts(BUNNY, 10), [283, 376, 551]);
  },
);
