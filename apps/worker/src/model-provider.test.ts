import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig } from '@remaster/config';
import { TerminalFailure } from '@remaster/jobs';
import { createModelProvider } from './model-provider.js';

const sharedModels = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/models');
const skip = existsSync(sharedModels)
  ? false
  : `${sharedModels} is absent: the shared test data is not mounted here`;
const logger = createLogger('worker-test', { LOG_LEVEL: 'silent' });

test(
  'jobs name built-in and MODELS_DIR models by id; misfits fail terminally',
  { skip },
  async () => {
    const config = loadConfig({ MODELS_DIR: sharedModels, TILE_SIZE: '24' });
    const models = await createModelProvider(config, logger);
    try {
      const upscaler = await models.upscaler('realesr-animevideov3', 4, 'rgb24');
      assert.equal(upscaler.tileSize, 24);
      const frame = Buffer.alloc(3 * 40 * 30, 200);
      const out = await upscaler.upscale(frame, 40, 30);
      assert.equal(out.length, 3 * 160 * 120);
      const fp16 = await models.upscaler('xinntao_realesrv3_general_x4_fp16_op14', 4, 'rgb24');
      assert.equal((await fp16.upscale(frame, 40, 30)).length, 3 * 160 * 120);
      const mci = await models.interpolator('mci', 'rgb24');
      const middle = await mci.interpolate(frame, frame, 0.5, 40, 30);
      assert.ok(middle.every((value) => Math.abs(value - 200) <= 1));
      for (const attempt of [
        () => models.upscaler('realesr-animevideov3', 2, 'rgb24'),
        () => models.upscaler('no-such-model', 2, 'rgb24'),
        () => models.interpolator('realesr-animevideov3', 'rgb24'),
      ]) {
        await assert.rejects(attempt(), (error: unknown) => {
          assert.ok(error instanceof TerminalFailure);
          assert.equal(error.code, 'MODEL_NOT_FOUND');
          return true;
        });
      }
    } finally {
      await models.close();
    }
  },
);
