// Job lifecycle on the real stack: live progress over server-sent events, signed
// webhooks, and cancel of a running job. Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip } from '@remaster/testing';
import type { JobBody, Stack } from './stack.js';
import { startStack } from './stack.js';
import { eventually } from './eventually.js';

interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface LiveJob extends JobBody {
  progress: JobBody['progress'] & {
    chunksDone: number;
    chunks?: Array<{ index: number; state: string; framesDone: number }>;
    fps?: number;
    etaSeconds?: number;
  };
}

describe('job lifecycle', () => {
  let stack: Stack;
  let receiver: Server;
  let hookUrl: string;
  const deliveries: Delivery[] = [];

  before(async () => {
    stack = await startStack({ WEBHOOK_PROGRESS_INTERVAL_MS: '300', WEBHOOK_RETRY_BASE_MS: '200' });
    const clip = join(stack.dir, 'long.mp4');
    await makeClip({ path: clip, width: 320, height: 240, fps: 25, frames: 150 });
    await stack.s3.store.putFile('inputs/long.mp4', clip);
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        deliveries.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    receiver?.close();
    await stack?.stop();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${stack.apiKey}`, ...init.headers },
    });

  test('progress streams from the first second; cancel stops the chunks, drops the segments and fires job.canceled', async () => {
    const job = await stack.submit({
      input: { url: 's3://remaster/inputs/long.mp4' },
      upscale: { factor: 4 },
      interpolate: { factor: 2 },
      chunk: { frames: 10 },
      webhook: { url: hookUrl, events: ['job.progress', 'job.canceled'] },
    });
    const opened = Date.now();
    const stream = events(await api(`/v1/jobs/${job.id}/events`));
    const first = await stream.next();
    assert.ok(Date.now() - opened < 1000, 'the first event comes within a second');
    assert.equal((first.value as LiveJob).id, job.id);

    // Read with next(): breaking out of a for-await loop would close the stream.
    let rendering: LiveJob | undefined;
    for (let item = await stream.next(); !item.done; item = await stream.next()) {
      if (item.value.progress.chunksDone >= 1 && item.value.status === 'processing') {
        rendering = item.value;
        break;
      }
    }
    assert.ok(rendering, 'the stream showed a chunk done before the job ended');
    assert.equal(rendering.progress.chunks?.length, 15);
    assert.ok(rendering.progress.framesDone > 0 && rendering.progress.framesTotal === 300);
    assert.ok(rendering.progress.fps! > 0 && rendering.progress.etaSeconds! > 0);

    const canceled = await api(`/v1/jobs/${job.id}/cancel`, { method: 'POST' });
    assert.equal(canceled.status, 200);
    const canceledAt = Date.now();
    let last: LiveJob | undefined;
    for await (const update of stream) last = update;
    assert.equal(last?.status, 'canceled', 'the stream ends with the canceled job');

    await eventually('no ffmpeg of this stack still running', 5000, () =>
      ffmpegProcessesOf([stack.dir, stack.s3.endpoint]) === 0 ? true : undefined,
    );
    assert.ok(Date.now() - canceledAt < 5000);
    await eventually('segments deleted', 20_000, async () =>
      (await stack.s3.store.listKeys(`jobs/${job.id}/segments/`)).length === 0 ? true : undefined,
    );
    const chunksAtCancel = ((await (await api(`/v1/jobs/${job.id}`)).json()) as LiveJob).progress
      .chunksDone;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = (await (await api(`/v1/jobs/${job.id}`)).json()) as LiveJob;
    assert.equal(after.status, 'canceled');
    assert.equal(after.progress.chunksDone, chunksAtCancel, 'no chunk finished after the cancel');
    assert.ok(after.progress.chunksDone < 15);

    const ofJob = await eventually('the job.canceled webhook', 10_000, () => {
      const mine = deliveries.filter((d) => JSON.parse(d.body).data.id === job.id);
      return mine.some((d) => JSON.parse(d.body).type === 'job.canceled') ? mine : undefined;
    });
    const { secret } = (await (await api('/v1/webhook-secret')).json()) as { secret: string };
    assert.ok(
      ofJob.every((d) => verifies(secret, d)),
      'every delivery is signed',
    );
    const types = ofJob.map((d) => JSON.parse(d.body).type as string);
    assert.ok(types.includes('job.progress'), `progress webhooks were sent: ${types.join()}`);
    assert.equal(types.filter((t) => t === 'job.canceled').length, 1);
    const log = (await (await api(`/v1/jobs/${job.id}/webhooks`)).json()) as {
      deliveries: Array<{ event: string; statusCode: number }>;
    };
    assert.equal(log.deliveries.length, ofJob.length);
    assert.ok(log.deliveries.every((d) => d.statusCode === 204));
  });
});

/** The `job` events of a server-sent event stream, parsed. */
async function* events(response: Response): AsyncGenerator<LiveJob> {
  assert.equal(response.status, 200);
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const bytes of response.body!) {
    buffered += decoder.decode(bytes as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const message = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = message.split('\n').find((line) => line.startsWith('data: '));
      if (data) yield JSON.parse(data.slice('data: '.length)) as LiveJob;
    }
  }
}

function verifies(secret: string, { headers, body }: Delivery): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const content = `${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`;
  const expected = `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
  return String(headers['webhook-signature']).split(' ').includes(expected);
}

/** ffmpeg processes whose command line names the stack's TMP_DIR or S3 server. */
function ffmpegProcessesOf(marks: string[]): number {
  const lines = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.startsWith('ffmpeg') && marks.some((m) => line.includes(m)))
    .length;
}
