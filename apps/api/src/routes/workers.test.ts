import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WorkerRegistry, connectRedis } from '@remaster/jobs';
import { startRedis } from '@remaster/testing';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { authPlugin } from '../plugins/auth.js';
import { errorsPlugin } from '../plugins/errors.js';
import { workerRoutes } from './workers.js';

const ADMIN_KEY = 'admin-key-0123456789abcdef';

describe('GET /v1/workers', () => {
  const app = Fastify();
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: ReturnType<typeof connectRedis>;
  let registry: WorkerRegistry;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
    registry = new WorkerRegistry(redis, '{test-workers-route}');
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(errorsPlugin);
    await app.register(authPlugin, {
      apiKeys: new Map([['key-acme', 'acme']]),
      adminKeys: new Set([ADMIN_KEY]),
    });
    await app.register(workerRoutes, { workers: registry });
  });
  after(async () => {
    await app.close();
    redis.disconnect();
    await server.stop();
  });

  test('refuses tenant keys with 403 ADMIN_ONLY and missing keys with 401', async () => {
    const tenant = await app.inject({
      url: '/v1/workers',
      headers: { authorization: 'Bearer key-acme' },
    });
    assert.equal(tenant.statusCode, 403);
    assert.equal(tenant.json().error.code, 'ADMIN_ONLY');
    const anonymous = await app.inject({ url: '/v1/workers' });
    assert.equal(anonymous.statusCode, 401);
  });

  test('lists the live workers to an admin key', async () => {
    await registry.beat(
      {
        id: 'gpu-box:gpu0:77',
        host: 'gpu-box',
        pid: 77,
        version: '0.1.0',
        startedAt: '2026-01-01T00:00:00.000Z',
        gpu: { id: 0, name: 'NVIDIA L4', memoryMb: 23034 },
        executionProviders: { requested: ['cuda', 'cpu'], active: ['cuda'] },
        concurrency: 1,
        models: ['bicubic-x2', 'blend'],
        fps: 48.5,
        chunksDone: 12,
        chunks: [
          {
            jobId: 'job_x',
            index: 4,
            framesDone: 30,
            framesTotal: 96,
            startedAt: '2026-01-01T00:01:00.000Z',
          },
        ],
      },
      60_000,
    );
    const response = await app.inject({
      url: '/v1/workers',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    assert.equal(response.statusCode, 200);
    const { items } = response.json<{ items: Array<Record<string, unknown>> }>();
    assert.equal(items.length, 1);
    const [worker] = items;
    assert.equal(worker?.id, 'gpu-box:gpu0:77');
    assert.deepEqual(worker?.gpu, { id: 0, name: 'NVIDIA L4', memoryMb: 23034 });
    assert.equal(worker?.fps, 48.5);
    assert.deepEqual(worker?.models, ['bicubic-x2', 'blend']);
    assert.deepEqual(worker?.chunks, [
      {
        jobId: 'job_x',
        index: 4,
        framesDone: 30,
        framesTotal: 96,
        startedAt: '2026-01-01T00:01:00.000Z',
      },
    ]);
    assert.equal(typeof worker?.expiresAt, 'string');
  });
});
