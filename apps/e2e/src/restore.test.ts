// Restoration through the running roles (DESIGN §10): an interlaced barcode split into
// fields and a telecined one rebuilt to its film frames, both chunked, each output frame
// read back; the restored stills beside the raw source's; a preview of a span.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  decodeOutput,
  makeInterlacedBarcodeClip,
  makeTelecinedBarcodeClip,
  readBarcode,
  readFieldBarcode,
} from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

// fieldmatch finds combing in 16-pixel blocks: a barcode needs about 128x96 for it.
const WIDTH = 128;
const HEIGHT = 96;

interface RestoredJob {
  status: string;
  error?: unknown;
  output?: { url: string; fps: string; frames: number };
  plan?: {
    restore?: { fields: { action: string; detected: string }; frames: number; fps: string };
  };
  preview?: { start: number; seconds: number; frames?: { start: number; end: number } };
  report?: { preview?: unknown; restoration?: { step: string; decision: string }[] };
  comparison?: { stills: { restoredFrame?: number; restoredUrl?: string; sourceUrl: string }[] };
}

describe('restoration through the stack', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ WORKER_CONCURRENCY: '2' });
  });
  after(() => stack?.stop());

  async function upload(name: string, make: (path: string) => Promise<void>): Promise<string> {
    const path = join(stack.dir, name);
    await make(path);
    await stack.s3.store.putFile(`inputs/${name}`, path);
    return `s3://remaster/inputs/${name}`;
  }

  async function run(body: Record<string, unknown>): Promise<RestoredJob> {
    const job = await stack.submit({ output: { crf: 0 }, ...body });
    return (await stack.waitForJob(job.id)) as unknown as RestoredJob;
  }

  test('25i split into fields: 50p, every field in place, the restored stills beside the raw ones', async () => {
    const url = await upload('interlaced.mkv', (path) =>
      makeInterlacedBarcodeClip({ path, width: WIDTH, height: HEIGHT, fields: 40 }),
    );
    const job = await run({
      input: { url },
      restore: { deinterlace: 'field' },
      chunk: { frames: 7 },
    });
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(job.plan?.restore?.fields.action, 'deinterlace field');
    assert.deepEqual([job.output?.fps, job.output?.frames], ['50', 40]);
    const frames = await decodeOutput(job.output!.url, WIDTH, HEIGHT);
    assert.deepEqual(
      frames.map((frame, k) =>
        readFieldBarcode(frame, WIDTH, HEIGHT, k % 2 === 0 ? 'top' : 'bottom'),
      ),
      Array.from({ length: 40 }, (_, k) => k),
    );
    const stills = job.comparison?.stills ?? [];
    assert.ok(stills.length > 0);
    for (const still of stills) {
      assert.ok(still.restoredFrame !== undefined && still.restoredUrl, 'a restored still');
      const jpeg = Buffer.from(await (await fetch(still.restoredUrl)).arrayBuffer());
      assert.deepEqual([...jpeg.subarray(0, 2)], [0xff, 0xd8], 'a JPEG');
    }
  });

  test('telecined film (ivtc auto, the default): its 24p frames exactly, and a preview of a span', async () => {
    const url = await upload('telecined.mkv', (path) =>
      makeTelecinedBarcodeClip({ path, width: WIDTH, height: HEIGHT, frames: 40 }),
    );
    const job = await run({ input: { url }, upscale: { factor: 2 }, chunk: { frames: 7 } });
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(job.plan?.restore?.fields.detected, 'telecined');
    assert.equal(job.plan?.restore?.fields.action, 'ivtc');
    assert.deepEqual([job.output?.fps, job.output?.frames], ['24000/1001', 40]);
    const shown = (await decodeOutput(job.output!.url, 2 * WIDTH, 2 * HEIGHT)).map((frame) =>
      readBarcode(frame, 2 * WIDTH, 2 * HEIGHT),
    );
    assert.deepEqual(
      shown,
      Array.from({ length: 40 }, (_, k) => k),
    );

    // One second from 0.5 s: film frames 11 … 34 of the same plan, nothing shifted.
    const preview = await run({
      input: { url },
      preview: { start: 0.5, seconds: 1 },
      upscale: { factor: 2 },
      chunk: { frames: 7 },
    });
    assert.equal(preview.status, 'completed', JSON.stringify(preview.error));
    assert.ok(preview.report?.preview, 'the report says it is a preview');
    const span = preview.preview?.frames;
    assert.ok(span, 'the planned span');
    const previewed = (await decodeOutput(preview.output!.url, 2 * WIDTH, 2 * HEIGHT)).map(
      (frame) => readBarcode(frame, 2 * WIDTH, 2 * HEIGHT),
    );
    assert.deepEqual(
      previewed,
      Array.from({ length: span.end - span.start }, (_, k) => span.start + k),
    );
    assert.ok(previewed.length < 40);
  });
});
