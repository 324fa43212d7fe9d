import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startS3 } from '@remaster/testing';
import type { StartedS3 } from '@remaster/testing';
import { inputIngester } from './ingest-input.js';

const BODY = randomBytes(300_000);

describe('ingesting an http(s) input', () => {
  let s3: StartedS3;
  let server: Server;
  let base: string;
  const hits: string[] = [];

  before(async () => {
    s3 = await startS3({ bucket: 'media' });
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      if (request.url === '/clip.mp4') return response.writeHead(200).end(BODY);
      if (request.url === '/chunked') {
        response.writeHead(200, { 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 30; i += 1) response.write(BODY.subarray(0, 10_000));
        return response.end();
      }
      if (request.url === '/moved') return response.writeHead(302, { location: '/clip.mp4' }).end();
      if (request.url === '/empty') return response.writeHead(200).end();
      if (request.url === '/busy') return response.writeHead(503).end();
      response.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await s3.stop();
  });

  const ingester = (allowPrivate: boolean, maxBytes = 1_000_000) =>
    inputIngester({ objects: s3.store, egress: { allowPrivate }, maxBytes });

  test('streams the input into jobs/<id>/source (redirects followed) and answers its s3:// URL', async () => {
    const url = await ingester(true)('job_a', `${base}/moved`);
    assert.equal(url, 's3://media/jobs/job_a/source');
    const copy = await s3.store.head('jobs/job_a/source');
    assert.equal(copy?.size, BODY.length);
    assert.equal(
      await ingester(true)('job_a', 's3://media/in.mp4'),
      undefined,
      's3:// is left as is',
    );
  });

  test('without ALLOW_PRIVATE_URLS a loopback input is refused before any request', async () => {
    hits.length = 0;
    await assert.rejects(ingester(false)('job_b', `${base}/clip.mp4`), {
      name: 'UnrecoverableError',
      code: 'INPUT_URL_PRIVATE',
      message: /127\.0\.0\.1 is a loopback address.*ALLOW_PRIVATE_URLS=true/,
    });
    assert.deepEqual(hits, []);
    assert.equal(await s3.store.head('jobs/job_b/source'), undefined);
  });

  test('an input over the size limit stops the download, declared or not', async () => {
    for (const path of ['/clip.mp4', '/chunked'])
      await assert.rejects(
        ingester(true, 100_000)('job_c', `${base}${path}`),
        { code: 'INPUT_TOO_LARGE', message: /INPUT_MAX_BYTES/ },
        path,
      );
    assert.equal(await s3.store.head('jobs/job_c/source'), undefined);
  });

  test('HTTP and network failures carry the job codes; only the recoverable ones are retried', async () => {
    const fails = async (url: string, name: string, code: string) =>
      assert.rejects(ingester(true)('job_d', url), { name, code }, url);
    await fails(`${base}/missing.mp4`, 'UnrecoverableError', 'INPUT_NOT_FOUND');
    await fails(`${base}/empty`, 'UnrecoverableError', 'INPUT_EMPTY');
    await fails(`${base}/busy`, 'RetryableFailure', 'INPUT_UNREACHABLE');
    await fails('http://127.0.0.1:9/nothing.mp4', 'RetryableFailure', 'INPUT_UNREACHABLE');
    assert.equal(await s3.store.head('jobs/job_d/source'), undefined);
  });
});
