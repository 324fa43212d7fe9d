// The worker fleet on the real stack: two CPU worker processes started by the launcher,
// their heartbeats at GET /v1/workers, /metrics after a real job, and a killed worker
// leaving the fleet. Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip } from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';
import { eventually } from './eventually.js';

const ADMIN_KEY = 'fleet-admin-key-0123456789';

interface Worker {
  id: string;
  pid: number;
  gpu: unknown;
  executionProviders: { requested: string[]; active: string[] };
  models: string[];
  fps: number | null;
  chunksDone: number;
}

/** `name{labels}` → value from a Prometheus text scrape. */
function parseMetrics(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

describe('worker fleet', () => {
  let stack: Stack;
  let receiver: Server;
  let hookUrl: string;

  before(async () => {
    stack = await startStack({
      ADMIN_API_KEYS: ADMIN_KEY,
      WORKER_PROCESSES: '2',
      WORKER_HEARTBEAT_MS: '500',
    });
    const clip = join(stack.dir, 'clip.mp4');
    await makeClip({ path: clip, width: 64, height: 48, fps: 25, frames: 24 });
    await stack.s3.store.putFile('inputs/fleet.mp4', clip);
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    receiver?.close();
    await stack?.stop();
  });

  const workers = async (): Promise<Worker[]> => {
    const response = await fetch(`${stack.url}/v1/workers`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { items: Worker[] }).items;
  };
  const metrics = async () => parseMetrics(await (await fetch(`${stack.url}/metrics`)).text());

  test('heartbeats, /v1/workers and /metrics after a job; a killed worker leaves the fleet', async () => {
    const tenant = await fetch(`${stack.url}/v1/workers`, {
      headers: { authorization: `Bearer ${stack.apiKey}` },
    });
    assert.equal(tenant.status, 403, 'tenant keys may not list workers');
    const started = await eventually('two workers', 60_000, async () => {
      const list = await workers();
      return list.length === 2 ? list : undefined;
    });
    assert.notEqual(started[0]!.pid, started[1]!.pid, 'one process each');
    assert.deepEqual(started[0]!.executionProviders.requested, ['cpu']);
    assert.equal(started[0]!.gpu, null);

    const job = await stack.submit({
      input: { url: 's3://remaster/inputs/fleet.mp4' },
      upscale: { factor: 2 },
      chunk: { frames: 8 },
      webhook: { url: hookUrl },
    });
    const done = await stack.waitForJob(job.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));

    // A worker's fps moves with every chunk it finishes, and a heartbeat written before its
    // last chunk ended can still be the newest after the job completed: wait until the
    // heartbeats count all three chunks, after which no fps changes.
    const busy = await eventually('heartbeats that count all 3 chunks', 60_000, async () => {
      const list = await workers();
      const counted = list.reduce((sum, w) => sum + w.chunksDone, 0);
      return counted === 3 ? list.find((w) => w.chunksDone > 0 && w.fps !== null) : undefined;
    });
    assert.ok(busy.fps! > 0);
    // Loaded at start-up, where the worker measured its default models (its calibration).
    assert.deepEqual(busy.models, ['bicubic-x2', 'bicubic-x4', 'mci']);
    assert.deepEqual(busy.executionProviders.active, ['cpu']);

    // The job is completed before its stitch job returns (it then deletes the segments),
    // so BullMQ's count of completed stitch jobs may lag the webhook: wait for both.
    const scrape = await eventually(
      'the webhook outcome and the stitch in /metrics',
      60_000,
      async () => {
        const series = await metrics();
        const delivered =
          'remaster_webhook_deliveries_total{event="job.completed",result="delivered"}';
        const stitched = 'remaster_queue_jobs{queue="stitch",state="completed"}';
        return series.get(delivered) === 1 && series.get(stitched) === 1 ? series : undefined;
      },
    );
    assert.equal(scrape.get('remaster_workers'), 2);
    assert.equal(
      scrape.get('remaster_chunk_duration_seconds_count'),
      3,
      '24 frames in chunks of 8',
    );
    assert.equal(scrape.get('remaster_chunk_frames_total'), 24);
    assert.ok(scrape.get('remaster_chunk_duration_seconds_sum')! > 0);
    assert.equal(scrape.get('remaster_job_duration_seconds_count{status="completed"}'), 1);
    assert.equal(scrape.get('remaster_queue_jobs{queue="chunk",state="waiting"}'), 0);
    assert.equal(scrape.get('remaster_queue_jobs{queue="stitch",state="completed"}'), 1);
    assert.equal(scrape.get(`remaster_worker_fps{worker="${busy.id}"}`), busy.fps);

    // SIGKILL: no clean exit, so only the missed heartbeats take it off the list.
    process.kill(busy.pid, 'SIGKILL');
    const after = await eventually('the killed worker to disappear', 60_000, async () => {
      const list = await workers();
      return list.some((w) => w.id === busy.id) ? undefined : list;
    });
    assert.ok(after.every((w) => w.pid !== busy.pid));
  });
});
