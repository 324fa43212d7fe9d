import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { MetricsStore, Pipeline, WorkerRegistry, connectRedis, redisOptions } from '@remaster/jobs';
import { startRedis } from '@remaster/testing';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { metricsRoutes } from '../routes/metrics.js';
import { MetricsCollector } from './metrics-collector.js';

const DASHBOARD = new URL('../../../../infra/grafana/remaster-dashboard.json', import.meta.url);

/** `name{labels}` → value, and the family names with their types, from a scrape. */
function parse(text: string): { series: Map<string, number>; families: Map<string, string> } {
  const series = new Map<string, number>();
  const families = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) families.set(type[1]!, type[2]!);
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { series, families };
}

describe('metrics', () => {
  const prefix = '{test-metrics-api}';
  const app = Fastify();
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: ReturnType<typeof connectRedis>;
  let pipeline: Pipeline;
  let scrape: ReturnType<typeof parse>;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
    pipeline = new Pipeline({ connection: redisOptions(server.url), prefix, chunkAttempts: 1 });
    await pipeline.enqueuePlan('job_a');
    await pipeline.enqueuePlan('job_b');
    const registry = new WorkerRegistry(redis, prefix);
    await registry.beat(
      {
        id: 'box:gpu1:9',
        host: 'box',
        pid: 9,
        version: '0.1.0',
        startedAt: '2026-01-01T00:00:00.000Z',
        gpu: { id: 1, name: 'NVIDIA "L4"', memoryMb: 1024 },
        executionProviders: { requested: ['cuda', 'cpu'], active: ['cuda'] },
        concurrency: 1,
        models: ['blend'],
        fps: 37.5,
        chunksDone: 2,
        chunks: [{ jobId: 'job_a', index: 0, framesDone: 12, framesTotal: 40, startedAt: 'x' }],
      },
      60_000,
    );
    const store = new MetricsStore(redis, prefix);
    await store.observeChunk(3, 96);
    await store.observeJobEnd('completed', 50);
    await store.countWebhook('job.completed', 'delivered');
    const { planQueue, chunkQueue, stitchQueue, webhookQueue } = pipeline;
    const collector = new MetricsCollector({
      queues: [planQueue, chunkQueue, stitchQueue, webhookQueue],
      workers: registry,
      store,
    });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(metricsRoutes, { metrics: collector });
    const response = await app.inject({ url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    scrape = parse(response.body);
  });
  after(async () => {
    await app.close();
    await pipeline.close();
    redis.disconnect();
    await server.stop();
  });

  test('queue depths per queue and state come from BullMQ', () => {
    assert.equal(scrape.series.get('remaster_queue_jobs{queue="plan",state="waiting"}'), 2);
    assert.equal(scrape.series.get('remaster_queue_jobs{queue="chunk",state="active"}'), 0);
    assert.equal(scrape.families.get('remaster_queue_jobs'), 'gauge');
  });

  test('the fleet comes from the heartbeats', () => {
    const worker = 'worker="box:gpu1:9"';
    assert.equal(scrape.series.get('remaster_workers'), 1);
    assert.equal(scrape.series.get(`remaster_worker_fps{${worker}}`), 37.5);
    assert.equal(scrape.series.get(`remaster_worker_chunks_rendering{${worker}}`), 1);
    assert.equal(scrape.series.get(`remaster_worker_chunk_frames_done{${worker}}`), 12);
    assert.equal(scrape.series.get(`remaster_worker_gpu_memory_bytes{${worker}}`), 1024 ** 3);
    assert.equal(
      scrape.series.get(
        `remaster_worker_info{${worker},host="box",gpu="1",gpu_name="NVIDIA \\"L4\\"",providers="cuda,cpu",version="0.1.0"}`,
      ),
      1,
    );
  });

  test('chunk, job and webhook series come from the metrics store', () => {
    assert.equal(scrape.families.get('remaster_chunk_duration_seconds'), 'histogram');
    assert.equal(scrape.series.get('remaster_chunk_duration_seconds_bucket{le="2"}'), 0);
    assert.equal(scrape.series.get('remaster_chunk_duration_seconds_bucket{le="5"}'), 1);
    assert.equal(scrape.series.get('remaster_chunk_duration_seconds_bucket{le="+Inf"}'), 1);
    assert.equal(scrape.series.get('remaster_chunk_duration_seconds_sum'), 3);
    assert.equal(scrape.series.get('remaster_chunk_frames_total'), 96);
    assert.equal(
      scrape.series.get('remaster_job_duration_seconds_bucket{status="completed",le="60"}'),
      1,
    );
    assert.equal(scrape.series.get('remaster_job_duration_seconds_count{status="completed"}'), 1);
    assert.equal(
      scrape.series.get(
        'remaster_webhook_deliveries_total{event="job.completed",result="delivered"}',
      ),
      1,
    );
    assert.ok((scrape.series.get('remaster_api_process_cpu_seconds_total') ?? -1) >= 0);
  });

  test('the Grafana dashboard parses and queries only series /metrics exports', async () => {
    const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as {
      templating: { list: Array<{ name: string; type: string; query: string }> };
      panels: Array<{
        title: string;
        datasource: { uid: string };
        targets: Array<{ expr: string }>;
      }>;
    };
    assert.ok(
      dashboard.templating.list.some(
        (v) => v.name === 'datasource' && v.type === 'datasource' && v.query === 'prometheus',
      ),
      'a Prometheus datasource variable',
    );
    const exported = new Set<string>();
    for (const [name, type] of scrape.families) {
      exported.add(name);
      if (type === 'histogram')
        for (const suffix of ['_bucket', '_sum', '_count']) exported.add(name + suffix);
    }
    const queried = new Set<string>();
    for (const panel of dashboard.panels) {
      assert.equal(panel.datasource.uid, '${datasource}', panel.title);
      assert.ok(panel.targets.length > 0, panel.title);
      for (const { expr } of panel.targets)
        for (const name of expr.match(/\bremaster_[a-z0-9_]+/g) ?? []) queried.add(name);
    }
    assert.ok(queried.size >= 10, `queries ${[...queried].join(', ')}`);
    const unknown = [...queried].filter((name) => !exported.has(name));
    assert.deepEqual(unknown, [], 'every metric the dashboard queries is exported');
  });
});
