// The quote queue as request/reply on real Redis and BullMQ: the producer adds a job and
// waits for the handler's return value through one QueueEvents it reuses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import { QueueEvents } from 'bullmq';
import type { Worker } from 'bullmq';
import { catalog } from './catalog.js';
import { consume } from './consume.js';
import { jobRequestSchema } from './job-request.js';
import { Pipeline } from './pipeline.js';
import { redisOptions } from './redis-connection.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const request = jobRequestSchema.parse({
  input: { url: 'https://media.example/a.mp4' },
  upscale: { factor: 2 },
});

describe('the quote queue (real Redis and BullMQ)', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let pipeline: Pipeline;
  let events: QueueEvents;
  let worker: Worker;
  const seen: string[] = [];
  const prefix = '{test-quote-queue}';

  before(async () => {
    server = await startRedis();
    const connection = redisOptions(server.url);
    pipeline = new Pipeline({ connection, prefix, chunkAttempts: 1 });
    events = new QueueEvents(catalog.quote.name, { connection, prefix });
    await events.waitUntilReady();
    worker = consume(
      catalog.quote,
      {
        concurrency: 2,
        handle: async (payload) => {
          seen.push(payload.quoteId);
          if (payload.request.input.url.endsWith('/broken.mp4')) throw new Error('planner bug');
          return { quote: { frames: 48, url: payload.request.input.url } };
        },
      },
      { connection, prefix, logger: silent },
    );
  });
  after(async () => {
    await worker.close();
    await events.close();
    await pipeline.close();
    await server.stop();
  });

  const payload = (quoteId: string, url = request.input.url) => ({
    quoteId,
    request: { ...request, input: { url } },
    probeTimeoutMs: 1000,
    deadline: Date.now() + 10_000,
  });

  test("the producer gets the handler's return value, parsed by the catalog's reply schema", async () => {
    const job = await pipeline.enqueueQuote(payload('quote_a'));
    const reply = catalog.quote.reply.parse(await job.waitUntilFinished(events, 5000));
    assert.deepEqual(reply, { quote: { frames: 48, url: 'https://media.example/a.mp4' } });
    // Kept a while (removeOnComplete by age), so a waiter that listens late still reads it.
    const kept = await pipeline.quoteQueue.getJob('quote_a');
    assert.deepEqual(kept?.returnvalue, reply);
    assert.equal(kept?.opts.attempts, 1);
    assert.deepEqual(kept?.opts.removeOnComplete, { age: 60 });
  });

  test('a finished quote waited for again answers at once; the same id is not run twice', async () => {
    const again = await pipeline.enqueueQuote(payload('quote_a'));
    assert.deepEqual(catalog.quote.reply.parse(await again.waitUntilFinished(events, 5000)), {
      quote: { frames: 48, url: 'https://media.example/a.mp4' },
    });
    assert.deepEqual(
      seen.filter((id) => id === 'quote_a'),
      ['quote_a'],
    );
  });

  test('a handler that throws fails the wait with its message, after one attempt', async () => {
    const job = await pipeline.enqueueQuote(payload('quote_b', 'https://media.example/broken.mp4'));
    await assert.rejects(job.waitUntilFinished(events, 5000), /planner bug/);
    assert.equal((await pipeline.quoteQueue.getJob('quote_b'))?.attemptsMade, 1);
  });

  test('a payload that is not a quote is refused when dequeued', async () => {
    const job = await pipeline.quoteQueue.add(
      'quote',
      { quoteId: 'quote_c' },
      { jobId: 'quote_c' },
    );
    await assert.rejects(job.waitUntilFinished(events, 5000), /does not match the catalog/);
    assert.ok(!seen.includes('quote_c'));
  });
});
