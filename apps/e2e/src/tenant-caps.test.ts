// Per-tenant caps through the real processes: with TENANT_MAX_ACTIVE_JOBS=1 a tenant's
// second job stays queued while its first runs, and another tenant's job is not held
// back. Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeClip } from '@remaster/testing';
import type { JobBody, Stack } from './stack.js';
import { startStack } from './stack.js';

const OTHER_KEY = 'other-tenant-key';
const ENDED = ['completed', 'failed', 'canceled'];

describe('per-tenant concurrency caps', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({
      API_KEYS: `e2e:${'stack-key'},other:${OTHER_KEY}`,
      TENANT_MAX_ACTIVE_JOBS: '1',
    });
    const long = join(stack.dir, 'long.mp4');
    const short = join(stack.dir, 'short.mp4');
    await makeClip({ path: long, width: 64, height: 48, fps: 25, frames: 48 });
    await makeClip({ path: short, width: 64, height: 48, fps: 25, frames: 8 });
    await stack.s3.store.putFile('inputs/long.mp4', long);
    await stack.s3.store.putFile('inputs/short.mp4', short);
  });
  after(() => stack?.stop());

  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const get = async (id: string, key: string) =>
    (await (await fetch(`${stack.url}/v1/jobs/${id}`, { headers: as(key) })).json()) as JobBody;

  test("a tenant's job over the cap waits for its own, not for another tenant's", async () => {
    const body = (name: string, chunk: number) => ({
      input: { url: `s3://remaster/inputs/${name}.mp4` },
      upscale: { factor: 2 },
      chunk: { frames: chunk },
    });
    const a1 = await stack.submit(body('long', 8));
    const a2 = await stack.submit(body('short', 8));
    const submitted = await fetch(`${stack.url}/v1/jobs`, {
      method: 'POST',
      headers: { ...as(OTHER_KEY), 'content-type': 'application/json' },
      body: JSON.stringify(body('short', 8)),
    });
    assert.equal(submitted.status, 202);
    const b1 = (await submitted.json()) as JobBody;

    let otherRanBeforeFirstEnded = false;
    const deadline = Date.now() + 300_000;
    for (;;) {
      const [first, second, other] = await Promise.all([
        get(a1.id, stack.apiKey),
        get(a2.id, stack.apiKey),
        get(b1.id, OTHER_KEY),
      ]);
      if (!ENDED.includes(first.status)) {
        assert.equal(second.status, 'queued', 'the second job waits while the first runs');
        if (other.status !== 'queued') otherRanBeforeFirstEnded = true;
      }
      if ([first, second, other].every((job) => ENDED.includes(job.status))) {
        for (const job of [first, second, other])
          assert.equal(job.status, 'completed', JSON.stringify(job.error));
        break;
      }
      assert.ok(Date.now() < deadline, 'jobs did not end within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(otherRanBeforeFirstEnded, "the other tenant's job started while the first ran");
  });
});
