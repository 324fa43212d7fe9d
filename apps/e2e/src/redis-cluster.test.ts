// End to end on a Redis Cluster: the real launcher and role processes with
// REDIS_CLUSTER=true and REDIS_URL listing the nodes of a real 3-master cluster.
// Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { makeClip, startRedisCluster } from '@remaster/testing';
import type { RedisCluster } from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

describe('end to end on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let stack: Stack;

  before(async () => {
    cluster = await startRedisCluster();
    stack = await startStack({ REDIS_URL: cluster.urls, REDIS_CLUSTER: 'true' });
  });
  after(async () => {
    await stack?.stop();
    await cluster?.stop();
  });

  test('a ×2 upscale in two chunks completes, with every key in the cluster', async () => {
    const clip = join(stack.dir, 'clip.mp4');
    await makeClip({ path: clip, width: 32, height: 24, fps: 25, frames: 10 });
    await stack.s3.store.putFile('inputs/clip.mp4', clip);
    const submitted = await stack.submit({
      input: { url: 's3://remaster/inputs/clip.mp4' },
      upscale: { factor: 2 },
      chunk: { frames: 5 },
    });
    const job = await stack.waitForJob(submitted.id, 120_000);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(job.output?.frames, 10);
    assert.equal(job.output?.width, 64);
    // The job lives in the cluster, not in the stack's own single redis-server.
    const port = String(cluster.ports[0]);
    const key = `{remaster}:job:${job.id}`;
    const { stdout } = await promisify(execFile)('redis-cli', [
      '-c',
      '-p',
      port,
      'HGET',
      key,
      'status',
    ]);
    assert.equal(stdout.trim(), 'completed');

    // An http(s) quote is a request and a reply over the quote queue, on the cluster too.
    const bytes = await readFile(clip);
    const origin = createServer((_request, response) => response.writeHead(200).end(bytes));
    await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done));
    try {
      const { port: originPort } = origin.address() as AddressInfo;
      const quoted = await fetch(`${stack.url}/v1/quotes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          input: { url: `http://127.0.0.1:${originPort}/clip.mp4` },
          upscale: { factor: 2 },
          chunk: { frames: 5 },
        }),
      });
      const quote = (await quoted.json()) as { frames: number; width: number; chunks: number };
      assert.equal(quoted.status, 200, JSON.stringify(quote));
      assert.deepEqual([quote.frames, quote.width, quote.chunks], [10, 64, 2]);
    } finally {
      origin.close();
    }
  });
});
