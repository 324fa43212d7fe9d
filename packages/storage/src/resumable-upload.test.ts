// Resumable multipart uploads against the real embedded S3 server, with parts of 64 KiB
// so that a file of a few hundred KiB takes many parts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { ListPartsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EmbeddedS3 } from './embedded-s3.js';
import { startEmbeddedS3 } from './embedded-s3.js';
import { ObjectStore } from './object-store.js';
import { choosePartSize } from './resumable-upload.js';
import { createS3Client } from './s3-client.js';

const BUCKET = 'resume-bucket';
const PART = 64 * 1024;
let dir: string;
let s3: EmbeddedS3;
const clients: S3Client[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'resumable-upload-test-'));
  s3 = await startEmbeddedS3({ port: 0, directory: join(dir, 's3'), buckets: [BUCKET] });
});

after(async () => {
  for (const client of clients) client.destroy();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

/** A store on its own client, and the part numbers of every UploadPart that client completed. */
function storeWithPartLog(onPart?: (partNumber: number) => void): {
  store: ObjectStore;
  client: S3Client;
  sent: number[];
} {
  const client = createS3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  clients.push(client);
  const sent: number[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === UploadPartCommand.name) {
        const partNumber = (args.input as { PartNumber: number }).PartNumber;
        sent.push(partNumber);
        onPart?.(partNumber);
      }
      return result;
    },
    { step: 'initialize' },
  );
  return { store: new ObjectStore({ client, bucket: BUCKET }), client, sent };
}

async function sourceFile(name: string, size: number): Promise<{ path: string; bytes: Buffer }> {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { path, bytes };
}

async function downloaded(store: ObjectStore, key: string): Promise<string> {
  const path = join(dir, `${key.replaceAll('/', '_')}.out`);
  await store.getToFile(key, path);
  return sha256(await readFile(path));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function listedParts(client: S3Client, key: string, uploadId: string): Promise<number[]> {
  const page = await client.send(
    new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
  );
  return (page.Parts ?? []).map((p) => p.PartNumber ?? 0);
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('a file of many parts goes up and comes back byte-exact, with no upload left open', async () => {
  const { path, bytes } = await sourceFile('plain.bin', 17 * PART + 123);
  const { store, sent } = storeWithPartLog();
  const result = await store.putFileResumable('plain/out.mp4', path, {
    partSize: PART,
    contentType: 'video/mp4',
  });
  assert.deepEqual(
    { parts: result.parts, partsUploaded: result.partsUploaded, resumed: result.resumed },
    { parts: 18, partsUploaded: 18, resumed: false },
  );
  assert.deepEqual(
    [...sent].sort((a, b) => a - b),
    range(1, 18),
  );
  assert.equal(await downloaded(store, 'plain/out.mp4'), sha256(bytes));
  assert.deepEqual(await store.pendingUploads('plain/out.mp4'), []);
});

test('a file of one part goes in one PUT', async () => {
  const { path, bytes } = await sourceFile('one.bin', PART - 1);
  const { store, sent } = storeWithPartLog();
  const result = await store.putFileResumable('one/out.mp4', path, { partSize: PART });
  assert.equal(result.uploadId, undefined);
  assert.deepEqual(sent, []);
  assert.equal(await downloaded(store, 'one/out.mp4'), sha256(bytes));
});

test('an upload stopped after three parts is resumed: only the missing parts are sent', async () => {
  const key = 'stopped/out.mp4';
  const { path, bytes } = await sourceFile('stopped.bin', 10 * PART + 7);
  const stop = new AbortController();
  const first = storeWithPartLog((n) => n === 3 && stop.abort());
  await assert.rejects(
    first.store.putFileResumable(key, path, {
      partSize: PART,
      partsInFlight: 1,
      signal: stop.signal,
    }),
    { name: 'AbortError' },
  );
  const [uploadId] = await first.store.pendingUploads(key);
  assert.ok(uploadId, 'the stopped upload is left open for the next try');
  assert.deepEqual(await listedParts(first.client, key, uploadId), [1, 2, 3]);

  const second = storeWithPartLog();
  const result = await second.store.putFileResumable(key, path, { partSize: PART });
  assert.equal(result.uploadId, uploadId);
  assert.equal(result.resumed, true);
  assert.deepEqual(
    [...second.sent].sort((a, b) => a - b),
    range(4, 11),
  );
  assert.equal(await downloaded(second.store, key), sha256(bytes));
  assert.deepEqual(await second.store.pendingUploads(key), []);
});

test('on resume, a part whose bytes differ from the file is sent again', async () => {
  const key = 'changed/out.mp4';
  const { path, bytes } = await sourceFile('changed.bin', 6 * PART);
  const stop = new AbortController();
  const first = storeWithPartLog((n) => n === 3 && stop.abort());
  await assert.rejects(
    first.store.putFileResumable(key, path, {
      partSize: PART,
      partsInFlight: 1,
      signal: stop.signal,
    }),
  );
  bytes[PART + 10] = (bytes[PART + 10] ?? 0) ^ 0xff; // part 2 changes, its size does not
  await writeFile(path, bytes);
  const second = storeWithPartLog();
  await second.store.putFileResumable(key, path, { partSize: PART });
  assert.deepEqual(
    [...second.sent].sort((a, b) => a - b),
    [2, 4, 5, 6],
  );
  assert.equal(await downloaded(second.store, key), sha256(bytes));
});

test('a failed last attempt aborts its upload, and abortUploads clears a stopped one', async () => {
  const { path } = await sourceFile('failing.bin', 5 * PART);
  const failing = storeWithPartLog((n) => {
    if (n === 2) throw Object.assign(new Error('disk on fire'), { name: 'DiskOnFire' });
  });
  await assert.rejects(
    failing.store.putFileResumable('failing/out.mp4', path, {
      partSize: PART,
      partsInFlight: 1,
      abortOnFailure: true,
    }),
    { name: 'DiskOnFire' },
  );
  assert.deepEqual(await failing.store.pendingUploads('failing/out.mp4'), []);

  const stop = new AbortController();
  const stopped = storeWithPartLog((n) => n === 2 && stop.abort());
  await assert.rejects(
    stopped.store.putFileResumable('canceled/out.mp4', path, {
      partSize: PART,
      partsInFlight: 1,
      signal: stop.signal,
      abortOnFailure: true, // a shutdown is not a failure: the upload stays to be resumed
    }),
  );
  const [uploadId] = await stopped.store.pendingUploads('canceled/out.mp4');
  assert.ok(uploadId);
  assert.equal(await stopped.store.abortUploads('canceled/out.mp4'), 1);
  assert.deepEqual(await stopped.store.pendingUploads('canceled/out.mp4'), []);
  await assert.rejects(listedParts(stopped.client, 'canceled/out.mp4', uploadId), {
    name: 'NoSuchUpload',
  });
});

test('an uploader killed with SIGKILL mid-upload is resumed from the parts it left', async () => {
  const key = 'killed/out.mp4';
  const { path, bytes } = await sourceFile('killed.bin', 40 * PART + 99);
  const { store, client, sent } = storeWithPartLog();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=source',
      fileURLToPath(new URL('./test-support/upload-child.ts', import.meta.url)),
      JSON.stringify({ endpoint: s3.endpoint, bucket: BUCKET, key, path, partSize: PART }),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let uploadId: string | undefined;
  for (let waited = 0; waited < 30_000; waited += 20) {
    [uploadId] = await store.pendingUploads(key);
    if (uploadId && (await listedParts(client, key, uploadId)).length >= 5) break;
    await sleep(20);
  }
  assert.ok(uploadId, 'the child started an upload');
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  await sleep(200); // a part the server was still writing lands, or never does
  const left = await listedParts(client, key, uploadId);
  assert.ok(left.length >= 5 && left.length < 41, `parts left by the child: ${left.length}`);

  const result = await store.putFileResumable(key, path, { partSize: PART });
  assert.equal(result.uploadId, uploadId);
  assert.deepEqual(
    [...sent].sort((a, b) => a - b),
    range(1, 41).filter((n) => !left.includes(n)),
  );
  assert.equal(await downloaded(store, key), sha256(bytes));
  assert.deepEqual(await store.pendingUploads(key), []);
});

test('the part size grows so that any file up to 5 TiB fits in 10,000 parts', () => {
  const MiB = 1024 * 1024;
  assert.equal(choosePartSize(10 * 1024 * MiB, 64 * MiB), 64 * MiB);
  assert.equal(choosePartSize(1024 * 1024 * MiB, 64 * MiB), 105 * MiB);
  const fiveTiB = 5 * 1024 * 1024 * MiB;
  const part = choosePartSize(fiveTiB, 64 * MiB);
  assert.ok(part * 10_000 >= fiveTiB && part <= 5 * 1024 * MiB, `${part}`);
});
