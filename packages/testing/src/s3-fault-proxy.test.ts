// The fault proxy in front of the real embedded S3 server: each fault on its own, the
// seed, and ObjectStore's operations getting through 10 % faults on the SDK's retries.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ObjectStore, createS3Client } from '@remaster/storage';
import type { S3Fault, S3FaultProxy } from './s3-fault-proxy.js';
import { startS3FaultProxy } from './s3-fault-proxy.js';
import type { StartedS3 } from './start-s3.js';
import { startS3 } from './start-s3.js';

let s3: StartedS3;
let dir: string;
const proxies: S3FaultProxy[] = [];

before(async () => {
  s3 = await startS3({ bucket: 'faulty' });
  dir = await mkdtemp(join(tmpdir(), 's3-fault-proxy-test-'));
});

after(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await s3.stop();
  await rm(dir, { recursive: true, force: true });
});

async function proxy(options: {
  faultRate: number;
  faults?: S3Fault[];
  seed?: number;
  stallMs?: number;
}): Promise<S3FaultProxy> {
  const started = await startS3FaultProxy({ target: s3.endpoint, ...options });
  proxies.push(started);
  return started;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test('each fault does what it says', async () => {
  const url = (p: S3FaultProxy) => `${p.endpoint}/faulty/some-key`;
  const error500 = await proxy({ faultRate: 1, faults: ['error500'] });
  const answer = await fetch(url(error500));
  assert.equal(answer.status, 500);
  assert.match(await answer.text(), /<Error><Code>InternalError<\/Code>/);
  const error503 = await proxy({ faultRate: 1, faults: ['error503'] });
  assert.equal((await fetch(url(error503))).status, 503);
  const reset = await proxy({ faultRate: 1, faults: ['reset'] });
  await assert.rejects(fetch(url(reset)), TypeError);
  const stall = await proxy({ faultRate: 1, faults: ['stall'], stallMs: 300 });
  const started = Date.now();
  const stalled = await fetch(url(stall)); // then forwarded: s3rver answers for itself
  assert.ok(Date.now() - started >= 290, 'held before it was forwarded');
  assert.ok(stalled.status !== 500 && stalled.status !== 503, `${stalled.status}`);
  assert.deepEqual(
    [error500, error503, reset, stall].map((p) => [p.counts.requests, p.counts.forwarded]),
    [
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 1],
    ],
  );
});

test('the same seed gives the same faults, another seed others', async () => {
  const statuses = async (seed: number): Promise<number[]> => {
    const p = await proxy({ faultRate: 0.5, faults: ['error500', 'error503'], seed });
    const seen: number[] = [];
    for (let i = 0; i < 24; i += 1) {
      const answer = await fetch(`${p.endpoint}/faulty/k${i}`);
      await answer.arrayBuffer();
      seen.push(answer.status);
    }
    return seen;
  };
  const first = await statuses(42);
  assert.deepEqual(await statuses(42), first);
  assert.notDeepEqual(await statuses(43), first);
  assert.ok(first.includes(500) && first.includes(503), first.join(','));
});

/** A presigned URL is fetched by ffmpeg or a client, not the SDK: the reader retries. */
async function fetchRetrying(url: string): Promise<Buffer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (answer.ok) return Buffer.from(await answer.arrayBuffer());
      if (answer.status < 500) throw new Error(`GET answered ${answer.status}`);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

test('with 10 % faults, every ObjectStore operation the product uses succeeds byte-exact', async (t) => {
  const faulty = await proxy({ faultRate: 0.1, seed: 7, stallMs: 60_000 });
  const client = createS3Client({
    endpoint: faulty.endpoint,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    idleTimeoutMs: 300, // a stalled request (held for a minute) is lost and tried again
  });
  const store = new ObjectStore({ client, bucket: s3.bucket });
  const small = randomBytes(4096);
  const big = randomBytes(17 * 64 * 1024 + 5);
  const bigPath = join(dir, 'big.bin');
  await writeFile(bigPath, big);
  try {
    for (let round = 0; round < 8; round += 1) {
      const prefix = `round-${round}/`;
      await store.putBytes(`${prefix}small.bin`, small);
      const upload = await store.putFileResumable(`${prefix}output.mp4`, bigPath, {
        partSize: 64 * 1024,
      });
      assert.equal(upload.parts, 18);
      await store.putFile(`${prefix}segment.mp4`, bigPath);
      for (const key of ['output.mp4', 'segment.mp4']) {
        const path = join(dir, `${round}-${key}`);
        await store.getToFile(`${prefix}${key}`, path);
        assert.equal(sha256(await readFile(path)), sha256(big), key);
      }
      assert.deepEqual(await store.head(`${prefix}output.mp4`), { size: big.length });
      assert.deepEqual(await store.listKeys(prefix), [
        `${prefix}output.mp4`,
        `${prefix}segment.mp4`,
        `${prefix}small.bin`,
      ]);
      const url = await store.presignGet(`${prefix}small.bin`, 60);
      assert.ok(url.startsWith(faulty.endpoint), 'the URL goes through the proxy');
      assert.equal(sha256(await fetchRetrying(url)), sha256(small));
      assert.equal(await store.deletePrefix(prefix), 3);
      assert.deepEqual(await store.listKeys(prefix), []);
      assert.deepEqual(await store.pendingUploads(`${prefix}output.mp4`), []);
    }
  } finally {
    client.destroy();
  }
  const { requests, forwarded, ...faults } = faulty.counts;
  t.diagnostic(`proxy counts: ${JSON.stringify(faulty.counts)}`);
  for (const [fault, count] of Object.entries(faults)) assert.ok(count > 0, `no ${fault} happened`);
  const total = Object.values(faults).reduce((a, b) => a + b, 0);
  assert.ok(total >= 10, `only ${total} faults in ${requests} requests`);
  assert.ok(forwarded < requests, 'some requests never reached S3 and were tried again');
});
