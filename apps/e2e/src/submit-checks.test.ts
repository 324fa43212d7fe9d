// What the real stack refuses before 202, and that errors name the s3:// URL the tenant
// gave, never the presigned URL ffprobe read (with its signature). Needs `pnpm build` first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

interface Answer {
  status: number;
  error?: { code: string; message: string };
  id?: string;
}

describe('submit checks through the real processes', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack();
    const text = Buffer.from('this is a text file, not a video\n'.repeat(50));
    await stack.s3.store.putBytes('inputs/text.mp4', text);
    await stack.s3.store.putBytes('inputs/empty.mp4', Buffer.alloc(0));
  });
  after(() => stack?.stop());

  const post = async (path: string, body: unknown): Promise<Answer> => {
    const response = await fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // The HTTP status last: a job's own `status` field must not hide it.
    return { ...((await response.json()) as object), status: response.status };
  };
  const job = (key: string) => ({ input: { url: `s3://remaster/${key}` }, upscale: { factor: 2 } });
  /** Nothing a tenant sees may carry the internal S3 address or a signature. */
  const assertNoPresignedUrl = (message: string) =>
    assert.doesNotMatch(message, /X-Amz-|127\.0\.0\.1|\?…/, message);

  test('a missing or empty s3:// object is refused at submit and at check, naming it', async () => {
    for (const path of ['/v1/jobs', '/v1/jobs/check', '/v1/quotes']) {
      const missing = await post(path, job('inputs/none.mp4'));
      assert.equal(missing.status, 404, JSON.stringify(missing));
      assert.equal(missing.error?.code, 'INPUT_NOT_FOUND');
      assert.match(
        missing.error.message,
        /^input s3:\/\/remaster\/inputs\/none\.mp4 does not exist/,
      );
      const empty = await post(path, job('inputs/empty.mp4'));
      assert.deepEqual([empty.status, empty.error?.code], [422, 'INPUT_EMPTY']);
    }
    const listed = await fetch(`${stack.url}/v1/jobs`, {
      headers: { authorization: `Bearer ${stack.apiKey}` },
    });
    assert.deepEqual(((await listed.json()) as { items: unknown[] }).items, [], 'nothing recorded');
  });

  test('a file that is not media: the quote and the failed job name its s3:// URL', async () => {
    const quoted = await post('/v1/quotes', job('inputs/text.mp4'));
    assert.deepEqual([quoted.status, quoted.error?.code], [422, 'INPUT_UNREADABLE']);
    assert.match(quoted.error!.message, /s3:\/\/remaster\/inputs\/text\.mp4/);
    assertNoPresignedUrl(quoted.error!.message);
    const submitted = await post('/v1/jobs', job('inputs/text.mp4'));
    assert.equal(submitted.status, 202, JSON.stringify(submitted));
    const failed = await stack.waitForJob(submitted.id!);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.code, 'INPUT_UNREADABLE');
    assert.match(failed.error.message, /s3:\/\/remaster\/inputs\/text\.mp4/);
    assertNoPresignedUrl(failed.error.message);
  });

  test('interpolate.factor 100 is refused at submit with the range', async () => {
    const refused = await post('/v1/jobs', {
      ...job('inputs/text.mp4'),
      interpolate: { factor: 100 },
    });
    assert.deepEqual(
      [refused.status, refused.error?.code],
      [400, 'INTERPOLATE_FACTOR_OUT_OF_RANGE'],
    );
    assert.match(refused.error!.message, /outside 1\/16–16/);
  });
});
