// The planner's quotes of http(s) inputs through the real quote queue (Redis, BullMQ), real
// ffprobe and an origin server on loopback. 127.0.0.1 stands for the public internet where
// a test says so (as in packages/egress); 127.0.0.2 for an internal service.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AddressPolicy } from '@remaster/egress';
import { blockedRange } from '@remaster/egress';
import type { RedisClient } from '@remaster/jobs';
import {
  Pipeline,
  SpeedStats,
  WorkerRegistry,
  catalog,
  connectRedis,
  consume,
  jobRequestSchema,
  redisOptions,
} from '@remaster/jobs';
import { probeMedia } from '@remaster/media';
import { quoteJob } from '@remaster/planning';
import { makeClip, startRedis } from '@remaster/testing';
import { QueueEvents } from 'bullmq';
import type { QuoteReply } from './quote-input.js';
import { inputQuoter } from './quote-input.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const outsideIsLoopback1 = (address: string) =>
  address === '127.0.0.1' ? undefined : blockedRange(address);
const body = { upscale: { factor: 2 }, interpolate: { fps: 50 }, chunk: { frames: 10 } };

interface Origin {
  readonly server: Server;
  readonly base: string;
  /** `<path> <user-agent>` of every request. */
  readonly hits: string[];
}

async function origin(host: string, clip: Buffer): Promise<Origin> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.url} ${request.headers['user-agent']}`);
    if (request.url === '/clip.mp4') return response.writeHead(200).end(clip);
    if (request.url === '/text.mp4') return response.writeHead(200).end('not a video\n'.repeat(99));
    if (request.url === '/stall.mp4') return; // never answers
    if (request.url === '/to-internal')
      return response.writeHead(302, { location: `http://127.0.0.2:${port()}/clip.mp4` }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  const port = () => (server.address() as AddressInfo).port;
  return { server, base: `http://${host}:${port()}`, hits };
}

describe('quoting an http(s) input in the planner (real queue, ffprobe and origin)', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let redis: RedisClient;
  let dir: string;
  let clipPath: string;
  let outside: Origin;
  let internal: Origin;
  /** What each test's quoter opened, closed at the end. */
  const opened: Array<{ close(): Promise<unknown> }> = [];
  const prefix = '{test-quote-input}';

  before(async () => {
    redisServer = await startRedis();
    redis = connectRedis(redisServer.url);
    dir = await mkdtemp(join(tmpdir(), 'quote-input-'));
    clipPath = join(dir, 'clip.mp4');
    await makeClip({ path: clipPath, width: 64, height: 48, fps: 25, frames: 30 });
    const clip = await readFile(clipPath);
    [outside, internal] = await Promise.all([origin('127.0.0.1', clip), origin('127.0.0.2', clip)]);
  });
  after(async () => {
    for (const thing of opened) await thing.close();
    redis.disconnect();
    outside.server.close();
    internal.server.close();
    await redisServer.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const workers = () => new WorkerRegistry(redis, prefix);
  const speeds = () => new SpeedStats(redis, prefix);

  /** A planner's quote consumer with this guard, and the API's side: ask, wait, parse. */
  async function quoter(egress: AddressPolicy, options: { maxBytes?: number } = {}) {
    const queuePrefix = `{test-quote-${opened.length}}`;
    const queue = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix: queuePrefix,
      chunkAttempts: 1,
    });
    const waits = new QueueEvents(catalog.quote.name, {
      connection: redisOptions(redisServer.url),
      prefix: queuePrefix,
    });
    await waits.waitUntilReady();
    const handle = inputQuoter({
      egress,
      maxBytes: options.maxBytes ?? 10_000_000,
      probe: (url, probeOptions) => probeMedia(url, probeOptions),
      workers: workers(),
      speeds: speeds(),
      defaultChunkFrames: 48,
      maxChunks: 100,
    });
    const consumer = consume(
      catalog.quote,
      { concurrency: 2, handle: (payload) => handle(payload) },
      { connection: redisOptions(redisServer.url), prefix: queuePrefix, logger: silent },
    );
    // The consumer first: it may hold a job the queue's close would wait for.
    opened.unshift(waits, queue);
    opened.unshift(consumer);
    let asked = 0;
    return async (url: string, extra: { probeTimeoutMs?: number; deadline?: number } = {}) => {
      const job = await queue.enqueueQuote({
        quoteId: `quote_${(asked += 1)}`,
        request: jobRequestSchema.parse({ ...body, input: { url } }),
        probeTimeoutMs: extra.probeTimeoutMs ?? 10_000,
        deadline: extra.deadline ?? Date.now() + 30_000,
      });
      const reply: QuoteReply = catalog.quote.reply.parse(
        await job.waitUntilFinished(waits, 30_000),
      );
      return reply;
    };
  }

  test('ALLOW_PRIVATE_URLS: a loopback input is priced as the API prices the same file in s3', async () => {
    const ask = await quoter({ allowPrivate: true });
    outside.hits.length = 0;
    const reply = await ask(`${outside.base}/clip.mp4`);
    const expected = quoteJob({
      request: jobRequestSchema.parse({ ...body, input: { url: 's3://b/clip.mp4' } }),
      source: await probeMedia(clipPath),
      defaultChunkFrames: 48,
      maxChunks: 100,
      workers: await workers().list(),
      phases: await speeds().phaseCosts(),
    });
    assert.deepEqual(reply, { quote: { ...expected } });
    assert.deepEqual([expected.frames, expected.width, expected.chunks], [60, 128, 3]);
    // Every request reached the origin through the relay, never from ffprobe itself.
    assert.ok(outside.hits.length > 0);
    for (const hit of outside.hits) assert.equal(hit, '/clip.mp4 Remaster/1');
  });

  test('the guard on: a name that resolves to loopback is refused when the relay connects', async () => {
    const ask = await quoter({
      allowPrivate: false,
      resolve: () => Promise.resolve([{ address: '127.0.0.2', family: 4 }]),
    });
    const port = new URL(internal.base).port;
    const reply = await ask(`http://media.test:${port}/clip.mp4?sig=secret`);
    assert.ok('failure' in reply);
    assert.equal(reply.failure.code, 'INPUT_URL_PRIVATE');
    assert.match(reply.failure.message, /media\.test resolves to 127\.0\.0\.2, a loopback address/);
    assert.match(reply.failure.message, /ALLOW_PRIVATE_URLS=true/);
    assert.doesNotMatch(reply.failure.message, /secret/, 'the query stays out of messages');
    assert.deepEqual(internal.hits, [], 'nothing reached the internal service');
    // A literal loopback host is refused before any relay or ffprobe starts.
    const literal = await ask(`${internal.base}/clip.mp4`);
    assert.equal('failure' in literal && literal.failure.code, 'INPUT_URL_PRIVATE');
    assert.deepEqual(internal.hits, []);
  });

  test('the guard on: a public input is quoted, and its redirect to an internal address is not', async () => {
    const ask = await quoter({ allowPrivate: false, blockedRange: outsideIsLoopback1 });
    const good = await ask(`${outside.base}/clip.mp4`);
    assert.equal('quote' in good && good.quote.frames, 60);
    const redirected = await ask(`${outside.base}/to-internal`);
    assert.equal('failure' in redirected && redirected.failure.code, 'INPUT_URL_PRIVATE');
    assert.deepEqual(internal.hits, [], 'the redirect was not followed');
  });

  test('what is not media, missing, too large, too slow or too late answers its code', async () => {
    const ask = await quoter({ allowPrivate: true }, { maxBytes: 2000 });
    const codeOf = async (reply: Promise<QuoteReply>) => {
      const answer = await reply;
      return 'failure' in answer ? answer.failure.code : 'quoted';
    };
    assert.equal(await codeOf(ask(`${outside.base}/text.mp4`)), 'INPUT_UNREADABLE');
    assert.equal(await codeOf(ask(`${outside.base}/none.mp4`)), 'INPUT_NOT_FOUND');
    assert.equal(await codeOf(ask(`${outside.base}/clip.mp4`)), 'INPUT_TOO_LARGE');
    const started = Date.now();
    const slow = ask(`${outside.base}/stall.mp4`, { probeTimeoutMs: 500 });
    assert.equal(await codeOf(slow), 'QUOTE_PROBE_TIMEOUT');
    assert.ok(Date.now() - started < 5000, 'ffprobe was killed at the probe timeout');
    const late = ask(`${outside.base}/clip.mp4`, { deadline: Date.now() - 1 });
    assert.equal(await codeOf(late), 'QUOTE_EXPIRED');
  });
});
