import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { blockedRange } from './blocked-range.js';
import type { Resolver } from './guarded-lookup.js';
import { guardedRelay } from './guarded-relay.js';

// As in guarded-request.test.ts: 127.0.0.1 stands for the public internet, the rest of
// 127/8 (127.0.0.2 here) for an internal service the guard must keep the relay from.
const outsideIsLoopback1 = (address: string) =>
  address === '127.0.0.1' ? undefined : blockedRange(address);
const BODY = randomBytes(50_000);

interface Origin {
  server: Server;
  base: string;
  hits: string[];
}

async function origin(host: string): Promise<Origin> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.url} ${request.headers.range ?? ''}`.trim());
    const range = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '');
    if (request.url === '/to-internal')
      return response.writeHead(302, { location: `http://127.0.0.2:${port()}/clip.mp4` }).end();
    if (request.url === '/chunked') {
      response.writeHead(200, { 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 5; i += 1) response.write(BODY);
      return response.end();
    }
    if (request.url?.split('?')[0] !== '/clip.mp4') return response.writeHead(404).end();
    if (!range)
      return response
        .writeHead(200, { 'accept-ranges': 'bytes', 'content-length': BODY.length })
        .end(BODY);
    const start = Number(range[1]);
    const end = range[2] ? Number(range[2]) : BODY.length - 1;
    response
      .writeHead(206, {
        'content-range': `bytes ${start}-${end}/${BODY.length}`,
        'accept-ranges': 'bytes',
        'x-internal': 'not passed on',
      })
      .end(BODY.subarray(start, end + 1));
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  const port = () => (server.address() as AddressInfo).port;
  return { server, base: `http://${host}:${port()}`, hits };
}

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
    (resolve, reject) => {
      httpRequest(url, { headers }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(parts),
          }),
        );
      })
        .on('error', reject)
        .end();
    },
  );
}

describe('the guarded relay', () => {
  let outside: Origin;
  let internal: Origin;
  before(async () => {
    internal = await origin('127.0.0.2');
    outside = await origin('127.0.0.1');
  });
  after(() => {
    outside.server.close();
    internal.server.close();
  });

  test('relays GETs of its one URL, ranges and their headers passed on', async () => {
    const relay = await guardedRelay(`${outside.base}/clip.mp4?sig=1`, {
      allowPrivate: false,
      blockedRange: outsideIsLoopback1,
    });
    try {
      assert.match(relay.url, /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/clip\.mp4$/);
      const whole = await get(relay.url);
      assert.equal(whole.status, 200);
      assert.deepEqual(whole.body, BODY);
      const tail = await get(relay.url, { range: 'bytes=49000-' });
      assert.equal(tail.status, 206);
      assert.equal(tail.headers['content-range'], `bytes 49000-49999/${BODY.length}`);
      assert.equal(tail.headers['x-internal'], undefined);
      assert.deepEqual(tail.body, BODY.subarray(49000));
      const other = await get(relay.url.replace(/[0-9a-f]{32}/, 'f'.repeat(32)));
      assert.equal(other.status, 404, 'only the secret path is relayed');
      assert.equal(relay.failure(), undefined);
    } finally {
      await relay.close();
    }
    assert.deepEqual(outside.hits.splice(0), ['/clip.mp4?sig=1', '/clip.mp4?sig=1 bytes=49000-']);
  });

  test('a name that resolves to an internal address is refused at connect: 502, and the failure says why', async () => {
    const resolve: Resolver = () => Promise.resolve([{ address: '127.0.0.2', family: 4 }]);
    const port = new URL(internal.base).port;
    const relay = await guardedRelay(`http://media.test:${port}/clip.mp4`, {
      allowPrivate: false,
      resolve,
    });
    try {
      assert.equal((await get(relay.url)).status, 502);
      assert.equal(relay.failure()?.name, 'EgressError');
      assert.match(relay.failure()?.message ?? '', /media\.test resolves to 127\.0\.0\.2/);
    } finally {
      await relay.close();
    }
    assert.deepEqual(internal.hits, [], 'the internal service was never reached');
  });

  test('a redirect to an internal address is refused; a literal one before the relay starts', async () => {
    const relay = await guardedRelay(`${outside.base}/to-internal`, {
      allowPrivate: false,
      blockedRange: outsideIsLoopback1,
    });
    try {
      assert.equal((await get(relay.url)).status, 502);
      assert.equal((relay.failure() as { code?: string }).code, 'URL_PRIVATE_ADDRESS');
    } finally {
      await relay.close();
    }
    await assert.rejects(guardedRelay(`${internal.base}/clip.mp4`, { allowPrivate: false }), {
      code: 'URL_PRIVATE_ADDRESS',
    });
    await assert.rejects(guardedRelay('file:///etc/passwd', { allowPrivate: true }), {
      code: 'URL_SCHEME',
    });
    assert.deepEqual(internal.hits, []);
    outside.hits.length = 0;
  });

  test('a body over maxBytes is refused: 413 when declared, cut off when it is not', async () => {
    const policy = { allowPrivate: true, maxBytes: 40_000 };
    const declared = await guardedRelay(`${outside.base}/clip.mp4`, policy);
    try {
      assert.equal((await get(declared.url)).status, 413);
      assert.equal((declared.failure() as { code?: string }).code, 'URL_TOO_LARGE');
    } finally {
      await declared.close();
    }
    const chunked = await guardedRelay(`${outside.base}/chunked`, policy);
    try {
      await get(chunked.url).then(
        (answer) => assert.ok(answer.body.length <= 5 * BODY.length),
        () => undefined, // the relay drops the connection mid-body
      );
      assert.equal((chunked.failure() as { code?: string }).code, 'URL_TOO_LARGE');
    } finally {
      await chunked.close();
    }
    outside.hits.length = 0;
  });
});
