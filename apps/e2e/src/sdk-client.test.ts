// The SDK's client against the real stack: launcher, redis-server, S3, ffmpeg.
// Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Job } from '@remaster/sdk';
import { RemasterApiError, RemasterClient, RemasterConnectionError } from '@remaster/sdk';
import { freePort, makeClip } from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

describe('RemasterClient against the real stack', () => {
  let stack: Stack;
  let client: RemasterClient;
  let clip: string;
  const requested: string[] = [];

  before(async () => {
    stack = await startStack();
    clip = join(stack.dir, 'clip.mp4');
    await makeClip({ path: clip, width: 64, height: 48, fps: 25, frames: 20 });
    const recording: typeof fetch = (input, init) => {
      requested.push(
        `${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : input).pathname}`,
      );
      return fetch(input, init);
    };
    client = new RemasterClient({
      baseUrl: `${stack.url}/`,
      apiKey: stack.apiKey,
      fetch: recording,
    });
  });
  after(() => stack?.stop());

  test('uploads, submits idempotently, waits with progress, downloads, lists', async () => {
    const upload = await client.upload(clip);
    assert.match(upload.url, /^s3:\/\/remaster\/uploads\/.+\/clip\.mp4$/);
    assert.equal(upload.sizeBytes, (await stat(clip)).size);

    const request = { input: { url: upload.url }, upscale: { factor: 2 as const } };
    const job = await client.submit(request, { idempotencyKey: 'sdk-test-1' });
    assert.equal(job.status, 'queued');
    const again = await client.submit(request, { idempotencyKey: 'sdk-test-1' });
    assert.equal(again.id, job.id);

    const seen: Job[] = [];
    requested.length = 0;
    const done = await client.wait(job.id, { onProgress: (j) => seen.push(j), pollMs: 100 });
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.equal(seen.at(-1)?.progress.percent, 100);
    assert.ok(seen.length >= 2, `${seen.length} progress updates`);
    const polls = requested.filter((r) => r === `GET /v1/jobs/${job.id}`).length;
    if (requested.includes(`GET /v1/jobs/${job.id}/events`))
      assert.equal(polls, 0, 'the event stream ran to the end without polling');

    const out = join(stack.dir, 'out.mp4');
    await client.download(job.id, out);
    assert.equal((await stat(out)).size, done.output!.sizeBytes);
    assert.deepEqual([done.output!.width, done.output!.height], [128, 96]);

    const page = await client.list({ status: 'completed', limit: 5 });
    assert.ok(page.items.some((item) => item.id === job.id));
    assert.deepEqual(await client.list({ status: 'failed' }), { items: [] });
  });

  test('API errors carry status, code and message', async () => {
    await assert.rejects(client.get('job_doesnotexist'), (error: unknown) => {
      assert.ok(error instanceof RemasterApiError);
      assert.deepEqual([error.status, error.code], [404, 'NOT_FOUND']);
      assert.match(error.message, /job_doesnotexist/);
      return true;
    });
    const done = (await client.list({ status: 'completed' })).items[0];
    assert.ok(done, 'the first test leaves a completed job');
    await assert.rejects(client.cancel(done.id), { status: 409, code: 'JOB_FINISHED' });
    await assert.rejects(client.submit({ input: { url: 's3://remaster/x.mp4' } }), {
      status: 400,
      name: 'RemasterApiError',
    });
    const stranger = new RemasterClient({ baseUrl: stack.url, apiKey: 'wrong' });
    await assert.rejects(stranger.list(), { status: 401, code: 'UNAUTHORIZED' });
  });

  test('checkJob answers the models a body would get, or the error its submit would give', async () => {
    assert.deepEqual(await client.checkJob({ upscale: { factor: 2 } }), {
      ok: true,
      models: { upscale: { id: 'bicubic-x2', chosenBy: 'builtin' } },
    });
    const missing = {
      input: { url: 's3://remaster/inputs/none.mp4' },
      upscale: { factor: 2 as const },
    };
    await assert.rejects(client.checkJob(missing), { status: 404, code: 'INPUT_NOT_FOUND' });
    await assert.rejects(client.submit(missing), { status: 404, code: 'INPUT_NOT_FOUND' });
  });

  test('an unreachable API is a connection error that names the address', async () => {
    const port = await freePort();
    const nowhere = new RemasterClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' });
    await assert.rejects(nowhere.get('job_x'), (error: unknown) => {
      assert.ok(error instanceof RemasterConnectionError);
      assert.match(
        error.message,
        new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
      );
      return true;
    });
  });
});
