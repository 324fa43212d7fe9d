// POST /v1/quotes through the real processes: a quote answers before anything runs, from
// the documented estimate at first and from the throughput workers publish once they have
// rendered a chunk of the same pipeline; its prediction is then checked against a real job.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip } from '@remaster/testing';
import { eventually } from './eventually.js';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

/**
 * How far a measured-basis prediction may be from the job's measured submit-to-completed
 * time: within a factor of 3 either way. The machine running the tests is shared and its
 * load varies between the job that measured and the job checked; the figure is a plan, not
 * a stopwatch.
 */
const TOLERANCE = 3;

interface QuoteBody {
  frames: number;
  width: number;
  height: number;
  chunks: number;
  gpuSeconds: number;
  wallSeconds: number | null;
  workerSlots: number;
  outputBytes: number;
  throughput: { pipeline: string; outputPixelsPerSecond: number; basis: string };
}

describe('quotes', () => {
  let stack: Stack;
  const body = {
    input: { url: 's3://remaster/inputs/quote.mp4' },
    upscale: { factor: 2 },
    interpolate: { fps: 50, sceneThreshold: 0 },
    chunk: { frames: 25 },
  };

  before(async () => {
    stack = await startStack({ WORKER_HEARTBEAT_MS: '200' });
    const path = join(stack.dir, 'quote.mp4');
    await makeClip({ path, width: 128, height: 96, fps: 25, frames: 100 });
    await stack.s3.store.putFile('inputs/quote.mp4', path);
  });
  after(() => stack?.stop());

  const quote = async (request: unknown) => {
    const response = await fetch(`${stack.url}/v1/quotes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    return { status: response.status, body: (await response.json()) as QuoteBody & ErrorBody };
  };
  interface ErrorBody {
    error?: { code: string; message: string };
  }

  test('answers the plan at once, then predicts a real job from measured throughput', async () => {
    const first = await quote(body);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(
      [first.body.frames, first.body.width, first.body.height, first.body.chunks],
      [200, 256, 192, 4],
    );
    assert.equal(first.body.throughput.pipeline, 'sr:bicubic-x2+vfi:blend');
    assert.equal(first.body.throughput.basis, 'estimate');

    // One job renders the pipeline; its workers publish what it took.
    const warm = await stack.waitForJob((await stack.submit(body)).id);
    assert.equal(warm.status, 'completed', JSON.stringify(warm.error));
    const measured = await eventually('a measured throughput', 10_000, async () => {
      const answer = await quote(body);
      return answer.body.throughput?.basis === 'measured' ? answer.body : undefined;
    });
    assert.ok(measured.workerSlots >= 1);
    assert.ok(measured.wallSeconds !== null && measured.gpuSeconds > 0);

    const submitted = await stack.submit(body);
    const done = await stack.waitForJob(submitted.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    const job = (await (
      await fetch(`${stack.url}/v1/jobs/${done.id}`, {
        headers: { authorization: `Bearer ${stack.apiKey}` },
      })
    ).json()) as { createdAt: string; updatedAt: string; output: { sizeBytes: number } };
    const seconds = (Date.parse(job.updatedAt) - Date.parse(job.createdAt)) / 1000;
    const ratio = measured.wallSeconds / seconds;
    console.log(
      `quote: predicted ${measured.wallSeconds} s (${measured.throughput.outputPixelsPerSecond} px/s measured), took ${seconds} s; ` +
        `bytes predicted ${measured.outputBytes}, got ${job.output.sizeBytes}`,
    );
    assert.ok(
      ratio >= 1 / TOLERANCE && ratio <= TOLERANCE,
      `predicted ${measured.wallSeconds} s, the job took ${seconds} s`,
    );
    assert.deepEqual([done.output?.frames, done.output?.width], [measured.frames, measured.width]);
  });

  test('an http(s) input or a missing object cannot be quoted; the answer says why', async () => {
    const http = await quote({ ...body, input: { url: 'https://example.com/a.mp4' } });
    assert.equal(http.status, 400);
    assert.equal(http.body.error?.code, 'QUOTE_INPUT_UNSUPPORTED');
    const missing = await quote({ ...body, input: { url: 's3://remaster/inputs/none.mp4' } });
    assert.equal(missing.status, 404, JSON.stringify(missing.body));
    assert.equal(missing.body.error?.code, 'INPUT_NOT_FOUND');
  });
});
