// Real onnxruntime running out of real memory: the test model asks for a scratch tensor no
// machine can allocate when its tile is too large (see testing/memory-hungry-model.ts).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLogger, loadConfig } from '@remaster/config';
import { InferenceEngine, ModelRegistry } from '@remaster/inference';
import { RetryableFailure } from '@remaster/jobs';
import { AdaptiveUpscaler } from './adaptive-upscaler.js';
import { createModelProvider } from './model-provider.js';
import { memoryHungryModel } from './testing/memory-hungry-model.js';

const logger = createLogger('worker-test', { LOG_LEVEL: 'silent' });
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'remaster-oom-'));
  await writeFile(join(dir, 'hungry-x2.onnx'), memoryHungryModel(64));
});
after(() => rm(dir, { recursive: true, force: true }));

test('an out-of-memory run is retried with half the tile size, and later chunks start there', async () => {
  const config = loadConfig({ MODELS_DIR: dir, TILE_SIZE: '128', DATA_DIR: dir });
  const models = await createModelProvider(config, logger);
  try {
    const upscaler = await models.upscaler('hungry-x2', 2, 'rgb24');
    assert.equal(upscaler.tileSize, 128);
    const out = await upscaler.upscale(Buffer.alloc(3 * 100 * 80, 200), 100, 80);
    assert.equal(out.length, 3 * 200 * 160);
    assert.ok(
      out.every((value) => Math.abs(value - 200) <= 1),
      'tiles blend into the frame',
    );
    assert.equal(upscaler.tileSize, 64, '100 pixels ran out of memory; 64 fit');
    assert.equal((await models.upscaler('hungry-x2', 2, 'rgb24')).tileSize, 64);
  } finally {
    await models.close();
  }
});

test('at the floor the chunk fails with a retryable GPU_OUT_OF_MEMORY', async () => {
  const registry = await ModelRegistry.load({ modelDirs: [dir], cacheDir: dir });
  const engine = new InferenceEngine({ registry, executionProviders: ['cpu'] });
  try {
    const make = (tileSize: number) =>
      engine.upscaler('hungry-x2', { factor: 2, tiling: { tileSize } });
    const upscaler = new AdaptiveUpscaler(await make(128), make, { minTileSize: 96 });
    await assert.rejects(upscaler.upscale(Buffer.alloc(3 * 200 * 150), 200, 150), (error) => {
      assert.ok(error instanceof RetryableFailure, String(error));
      assert.equal(error.code, 'GPU_OUT_OF_MEMORY');
      assert.match(error.message, /96-pixel tiles/);
      return true;
    });
  } finally {
    await engine.close();
  }
});
