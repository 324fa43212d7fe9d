import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import type { Worker } from 'bullmq';
import { catalog } from './catalog.js';
import type { ChunkPayload, StitchPayload } from './payloads.js';
import { consume } from './consume.js';
import { Pipeline } from './pipeline.js';
import { redisOptions } from './redis-connection.js';

// Chunk order through real Redis and BullMQ: one consumer, so its order is the queue's.
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

function chunk(jobId: string, index: number, frames: number): ChunkPayload {
  return {
    jobId,
    index,
    inputUrl: 's3://b/k',
    sourceWidth: 8,
    sourceHeight: 8,
    sourceFrames: 1000,
    sourceFps: { num: 25, den: 1 },
    targetFps: { num: 25, den: 1 },
    sourceStart: index * 10,
    sourceEnd: index * 10 + frames,
    decodeEnd: index * 10 + frames,
    outputStart: index * 10,
    outputEnd: index * 10 + frames,
    cutsAfter: [],
    output: { codec: 'h264', crf: 18, width: 8, height: 8 },
    colour: {
      matrix: 'bt601',
      range: 'tv',
      tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
    },
  };
}

function stitch(jobId: string, chunkCount: number): StitchPayload {
  return {
    jobId,
    inputUrl: 's3://b/k',
    chunkCount,
    outputFrames: chunkCount * 10,
    width: 8,
    height: 8,
    fps: { num: 25, den: 1 },
    container: 'mp4',
    source: { videoOffsetSeconds: 0, subtitleCodecs: [] },
  };
}

function render(pipeline: Pipeline, jobId: string, frames: number[]): Promise<void> {
  return pipeline.enqueueRender(
    stitch(jobId, frames.length),
    frames.map((f, index) => chunk(jobId, index, f)),
  );
}

/** A pipeline and a single consumer on a fresh prefix; `onChunk` runs inside each chunk. */
function start(onChunk: (name: string) => Promise<void>): { pipeline: Pipeline; seen: string[] } {
  const prefix = `{test-order-${Math.random().toString(36).slice(2)}}`;
  const connection = redisOptions(server.url);
  const pipeline = new Pipeline({ connection, prefix, chunkAttempts: 1 });
  const seen: string[] = [];
  const worker = consume(
    catalog.chunk,
    {
      concurrency: 1,
      handle: async (payload) => {
        const name = `${payload.jobId}:${payload.index}`;
        seen.push(name);
        await onChunk(name);
      },
    },
    { connection, prefix, logger: silent },
  );
  closing.push(pipeline, worker);
  return { pipeline, seen };
}

test('a job submitted behind a long one starts at once and the two interleave', async () => {
  const { pipeline, seen } = start(async (name) => {
    // Job b arrives while job a's third chunk renders, with 17 of a's chunks waiting.
    if (name === 'a:2') await render(pipeline, 'b', [10, 10, 10]);
  });
  await render(pipeline, 'a', Array<number>(20).fill(10));
  await waitFor(() => seen.length === 23);
  // FIFO would run b after all of a (b:0 at position 20); round-robin runs it next.
  assert.deepEqual(seen.slice(0, 10), [
    'a:0',
    'a:1',
    'a:2',
    'a:3',
    'b:0',
    'a:4',
    'b:1',
    'a:5',
    'b:2',
    'a:6',
  ]);
  assert.deepEqual(
    seen.slice(10),
    [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((i) => `a:${i}`),
  );
});

test('within a job the longest chunks run first and the short remainder last', async () => {
  const { pipeline, seen } = start(async () => undefined);
  await render(pipeline, 'c', [40, 56, 48, 7]);
  await waitFor(() => seen.length === 4);
  assert.deepEqual(seen, ['c:1', 'c:2', 'c:0', 'c:3']);
});

async function waitFor(ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
