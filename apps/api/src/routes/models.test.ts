import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinEntries, ModelRegistry } from '@remaster/inference';
import { jobRequestSchema } from '@remaster/jobs';
import type { IdempotencyKeys, JobStore, Lifecycle } from '@remaster/jobs';
import type { OutputSigner } from '@remaster/job-view';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { ApiError } from '../api-error.js';
import { JobService } from '../job-service.js';
import { authPlugin } from '../plugins/auth.js';
import { errorsPlugin } from '../plugins/errors.js';
import { modelRoutes } from './models.js';

const acme = { authorization: 'Bearer key-acme' };

/** A registry with the built-ins and one ×4 model from a manifest (never loaded here). */
function registry(): ModelRegistry {
  return new ModelRegistry([
    ...builtinEntries(),
    {
      id: 'my-esrgan-x4',
      kind: 'sr',
      scale: 4,
      source: { type: 'file', path: '/models/my-esrgan-x4.onnx' },
      sha256: 'a'.repeat(64),
      padMultiple: 1,
      dtype: 'float16',
      licence: 'BSD-3-Clause',
      layout: 'nchw',
    },
  ]);
}

describe('GET /v1/models', () => {
  const app = Fastify();
  before(async () => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(errorsPlugin);
    await app.register(authPlugin, { apiKeys: new Map([['key-acme', 'acme']]) });
    await app.register(modelRoutes, { models: registry() });
  });
  after(() => app.close());

  test('lists every registered model, without file paths', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/models', headers: acme });
    assert.equal(response.statusCode, 200);
    const { items } = response.json<{ items: { id: string; source: string }[] }>();
    assert.deepEqual(
      items.map((m) => m.id),
      ['bicubic-x2', 'bicubic-x4', 'blend', 'mci', 'my-esrgan-x4'],
    );
    const mine = items.find((m) => m.id === 'my-esrgan-x4');
    assert.deepEqual(mine, {
      id: 'my-esrgan-x4',
      kind: 'sr',
      scale: 4,
      source: 'file',
      sha256: 'a'.repeat(64),
      padMultiple: 1,
      dtype: 'float16',
      licence: 'BSD-3-Clause',
      layout: 'nchw',
    });
    assert.doesNotMatch(response.body, /\/models\/my-esrgan/);
  });

  test('needs an API key', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/models' });
    assert.equal(response.statusCode, 401);
  });
});

describe('job models are checked against the registry', () => {
  // Validation answers before the store or the queue is touched.
  const unreachable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('not reached');
      },
    },
  );
  const jobs = new JobService({
    store: unreachable as JobStore,
    lifecycle: unreachable as Lifecycle,
    signer: unreachable as OutputSigner,
    inputPolicy: { bucket: 'media', allowPrivateUrls: false },
    outputUrlTtlSeconds: 60,
    idempotencyKeys: unreachable as IdempotencyKeys,
    models: registry(),
  });
  const submit = (body: object) =>
    jobs.submit('acme', jobRequestSchema.parse({ input: { url: 's3://media/a.mp4' }, ...body }));

  async function refusal(body: object): Promise<ApiError> {
    const error = await submit(body).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }

  test('an unknown id is 400 MODEL_NOT_FOUND naming what fits', async () => {
    const error = await refusal({ upscale: { factor: 4, model: 'nope' } });
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'MODEL_NOT_FOUND');
    assert.match(
      error.message,
      /"nope" is not a known model; use one of: bicubic-x4, my-esrgan-x4/,
    );
  });

  test('a registered model of the wrong factor or kind is refused', async () => {
    const factor = await refusal({ upscale: { factor: 2, model: 'my-esrgan-x4' } });
    assert.match(factor.message, /not available for this operation; use one of: bicubic-x2/);
    const kind = await refusal({ interpolate: { fps: 60, model: 'my-esrgan-x4' } });
    assert.match(kind.message, /use one of: blend, mci/);
  });

  test('a registered model passes validation and goes on to the store', async () => {
    await assert.rejects(submit({ upscale: { factor: 4, model: 'my-esrgan-x4' } }), /not reached/);
    await assert.rejects(submit({ interpolate: { fps: 60, model: 'mci' } }), /not reached/);
  });
});
