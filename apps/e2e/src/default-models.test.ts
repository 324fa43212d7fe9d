// Best model by default, through the real processes: with ../shared/models registered
// (MODELS_DIR) and DEFAULT_SR_MODEL naming SPAN ×2, a job that names no upscale model
// runs SPAN and records that a default chose it; one that names bicubic keeps it.
// Skipped when ../shared/models is absent.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeClip } from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

const MODELS = fileURLToPath(new URL('../../../../shared/models/', import.meta.url));
const SPAN = 'hongyuanyu_span_ch48_x2_fp32_op17';
const skip = !existsSync(join(MODELS, `${SPAN}.onnx`)) && `${MODELS} is absent: skipped`;

interface ChosenModels {
  upscale?: { id: string; chosenBy: string };
  interpolate?: { id: string; chosenBy: string };
}

describe('default models', { skip }, () => {
  let stack: Stack;
  let input: string;

  before(async () => {
    stack = await startStack({ MODELS_DIR: MODELS, DEFAULT_SR_MODEL: SPAN });
    const path = join(stack.dir, 'tiny.mp4');
    await makeClip({ path, width: 32, height: 24, fps: { num: 25, den: 1 }, frames: 6 });
    await stack.s3.store.putFile('inputs/tiny.mp4', path);
    input = 's3://remaster/inputs/tiny.mp4';
  });
  after(() => stack?.stop());

  const get = async (path: string) =>
    (await fetch(`${stack.url}${path}`, {
      headers: { authorization: `Bearer ${stack.apiKey}` },
    }).then((r) => r.json())) as Record<string, unknown>;

  test('GET /v1/models marks the configured default', async () => {
    const { items } = (await get('/v1/models')) as {
      items: Array<{ id: string; default?: boolean }>;
    };
    assert.deepEqual(
      items.filter((m) => m.default).map((m) => m.id),
      [SPAN],
    );
  });

  test('a job naming no model runs the default; a named model and the vfi fallback are recorded', async () => {
    const [byDefault, named] = await Promise.all([
      stack.submit({ input: { url: input }, upscale: { factor: 2 }, interpolate: { fps: 50 } }),
      stack.submit({ input: { url: input }, upscale: { factor: 2, model: 'bicubic-x2' } }),
    ]);
    const done = await stack.waitForJob(byDefault.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.deepEqual([done.output?.width, done.output?.height, done.output?.frames], [64, 48, 12]);
    const record = (await get(`/v1/jobs/${done.id}`)) as { models?: ChosenModels };
    assert.deepEqual(record.models, {
      upscale: { id: SPAN, chosenBy: 'default' },
      interpolate: { id: 'mci', chosenBy: 'builtin' },
    });
    assert.equal((await stack.waitForJob(named.id)).status, 'completed');
    const other = (await get(`/v1/jobs/${named.id}`)) as { models?: ChosenModels };
    assert.deepEqual(other.models, { upscale: { id: 'bicubic-x2', chosenBy: 'request' } });
  });
});
