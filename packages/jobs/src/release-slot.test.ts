import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis } from '@remaster/testing';
import type { Worker } from 'bullmq';
import { catalog } from './catalog.js';
import { consume } from './consume.js';
import { Pipeline } from './pipeline.js';
import { redisOptions } from './redis-connection.js';
import { renderFixture } from './testing/payload-fixtures.js';

// A chunk that released its slot (its frames are rendered; the encoder's flush and the
// upload are left) lets its worker start the next chunk, through real Redis and BullMQ,
// without ever running more chunks in their slot-holding part than the concurrency.
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
let server: Awaited<ReturnType<typeof startRedis>>;
const closing: Array<Pipeline | Worker> = [];

before(async () => {
  server = await startRedis();
});
after(async () => {
  await Promise.all(closing.map((c) => c.close()));
  await server.stop();
});

interface Trace {
  /** Chunks holding their slot now, and the most seen at once. */
  holding: number;
  mostHolding: number;
  /** Chunk indexes that started while another chunk was finishing after its release. */
  startedDuringTail: number[];
  finishing: number;
  done: number;
}

/** One consumer of concurrency 1; each chunk holds its slot 150 ms, then finishes for 600 ms. */
async function run(options: { release: boolean; chunks: number }): Promise<{
  trace: Trace;
  worker: Worker;
}> {
  const prefix = `{test-release-${Math.random().toString(36).slice(2)}}`;
  const connection = redisOptions(server.url);
  const pipeline = new Pipeline({ connection, prefix, chunkAttempts: 1 });
  const trace: Trace = { holding: 0, mostHolding: 0, startedDuringTail: [], finishing: 0, done: 0 };
  const worker = consume(
    catalog.chunk,
    {
      concurrency: 1,
      handle: async (payload, _job, _stop, releaseSlot) => {
        if (trace.finishing > 0) trace.startedDuringTail.push(payload.index);
        trace.holding += 1;
        trace.mostHolding = Math.max(trace.mostHolding, trace.holding);
        await sleep(150);
        trace.holding -= 1;
        if (options.release) releaseSlot();
        trace.finishing += 1;
        await sleep(600);
        trace.finishing -= 1;
        trace.done += 1;
      },
    },
    { connection, prefix, logger: silent },
  );
  closing.push(pipeline, worker);
  const { stitch, chunks } = renderFixture('a', options.chunks);
  await pipeline.enqueueRender(stitch, chunks);
  const deadline = Date.now() + 30_000;
  while (trace.done < options.chunks) {
    if (Date.now() > deadline) throw new Error(`only ${trace.done} chunks done in 30 s`);
    await sleep(20);
  }
  return { trace, worker };
}

test('a chunk that released its slot lets the next one start while it finishes', async () => {
  const { trace, worker } = await run({ release: true, chunks: 4 });
  // Every chunk after the first started during the tail of the one before it …
  assert.deepEqual(trace.startedDuringTail.length, 3, JSON.stringify(trace));
  // … and never two held the slot at once.
  assert.equal(trace.mostHolding, 1);
  // Back to the configured concurrency once the tails are over: an idle worker takes one job.
  assert.equal(worker.concurrency, 1);
});

test('without a release the chunks run one after the other', async () => {
  const { trace } = await run({ release: false, chunks: 3 });
  assert.deepEqual(trace.startedDuringTail, []);
  assert.equal(trace.mostHolding, 1);
});
