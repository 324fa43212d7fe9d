import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { blockedRange } from './blocked-range.js';
import { checkHost } from './check-host.js';
import type { Resolver } from './guarded-lookup.js';
import { guardedRequest } from './guarded-request.js';
import { openUrl } from './open-url.js';

// Every server here is on loopback. To have one "outside", the tests treat 127.0.0.1 as
// public and keep the rest of 127/8 (127.0.0.2 stands for an internal service) blocked.
const outsideIsLoopback1 = (address: string) =>
  address === '127.0.0.1' ? undefined : blockedRange(address);

interface Listening {
  server: Server;
  port: number;
  hits: string[];
}

async function listen(
  host: string,
  handle: (path: string) => { status: number; location?: string },
): Promise<Listening> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const { status, location } = handle(request.url ?? '');
    if (location) response.setHeader('location', location);
    response.writeHead(status).end('body');
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

async function text(response: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of response) body += String(chunk);
  return body;
}

describe('guarded requests', () => {
  let outside: Listening;
  let internal: Listening;

  before(async () => {
    internal = await listen('127.0.0.2', () => ({ status: 200 }));
    outside = await listen('127.0.0.1', (path) => {
      if (path === '/to-internal')
        return { status: 302, location: `http://127.0.0.2:${internal.port}/secret` };
      if (path === '/to-internal-name')
        return { status: 307, location: `http://internal.test:${internal.port}/secret` };
      if (path === '/to-file') return { status: 302, location: 'file:///etc/passwd' };
      if (path === '/loop') return { status: 302, location: '/loop' };
      if (path === '/hop') return { status: 301, location: '/final' };
      return { status: 200 };
    });
  });
  after(() => {
    outside.server.close();
    internal.server.close();
  });

  test('DNS rebinding: a name public when submitted but loopback at connect is refused at connect', async () => {
    let calls = 0;
    // First answer (submit time) public, every later one (connect time) loopback.
    const rebinding: Resolver = () =>
      Promise.resolve([{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.2', family: 4 }]);
    const policy = { allowPrivate: false, resolve: rebinding };
    await checkHost('rebind.test', { ...policy, timeoutMs: 1000 });
    await assert.rejects(guardedRequest(`http://rebind.test:${internal.port}/secret`, policy), {
      name: 'EgressError',
      code: 'URL_PRIVATE_ADDRESS',
      message: /rebind\.test resolves to 127\.0\.0\.2, a loopback/,
    });
    assert.deepEqual(internal.hits, [], 'the internal service was never reached');
    assert.ok(calls >= 2, 'the name was resolved again when connecting');

    // The same request with the guard off reaches the service through the same resolver.
    const response = await guardedRequest(`http://rebind.test:${internal.port}/allowed`, {
      ...policy,
      allowPrivate: true,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(await text(response), 'body');
    assert.deepEqual(internal.hits, ['/allowed']);
    internal.hits.length = 0;
  });

  test('literal, localhost and metadata hosts are refused before any connection', async () => {
    for (const url of [
      `http://127.0.0.2:${internal.port}/`,
      `http://[::1]:${internal.port}/`,
      'http://169.254.169.254/latest/meta-data/',
      `http://localhost:${internal.port}/`,
      `http://[::ffff:127.0.0.2]:${internal.port}/`,
    ])
      await assert.rejects(
        guardedRequest(url, { allowPrivate: false, blockedRange: outsideIsLoopback1 }),
        { code: 'URL_PRIVATE_ADDRESS' },
        url,
      );
    await assert.rejects(guardedRequest('ftp://example.com/a', { allowPrivate: true }), {
      code: 'URL_SCHEME',
    });
    assert.deepEqual(internal.hits, []);
  });

  test('redirects are followed hop by hop, and a hop to a blocked address is refused', async () => {
    const policy = {
      allowPrivate: false,
      blockedRange: outsideIsLoopback1,
      resolve: (() => Promise.resolve([{ address: '127.0.0.2', family: 4 }])) as Resolver,
    };
    const base = `http://127.0.0.1:${outside.port}`;
    const ok = await openUrl(`${base}/hop`, policy);
    assert.equal(ok.response.statusCode, 200);
    assert.equal(ok.url.pathname, '/final');
    for (const [path, code] of [
      ['/to-internal', 'URL_PRIVATE_ADDRESS'],
      ['/to-internal-name', 'URL_PRIVATE_ADDRESS'],
      ['/to-file', 'URL_SCHEME'],
      ['/loop', 'URL_REDIRECT_REFUSED'],
    ] as const)
      await assert.rejects(openUrl(`${base}${path}`, policy), { code }, path);
    assert.deepEqual(internal.hits, [], 'no redirect reached the internal service');

    const allowed = await openUrl(`${base}/to-internal`, { ...policy, allowPrivate: true });
    assert.equal(allowed.response.statusCode, 200);
    assert.deepEqual(internal.hits, ['/secret']);
    internal.hits.length = 0;
  });

  test('at submit time a name resolving to a blocked address, or to nothing, is refused', async () => {
    const answers =
      (address: string): Resolver =>
      () =>
        Promise.resolve([{ address, family: 4 }]);
    const notFound: Resolver = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    const slow: Resolver = () => new Promise(() => {});
    const check = (resolve: Resolver, allowPrivate = false) =>
      checkHost('media.example', { allowPrivate, resolve, timeoutMs: 50 });
    await assert.rejects(check(answers('10.0.0.7')), { code: 'URL_PRIVATE_ADDRESS' });
    await assert.rejects(check(answers('fd00:ec2::254')), { code: 'URL_PRIVATE_ADDRESS' });
    await assert.rejects(check(notFound), { code: 'URL_UNRESOLVABLE' });
    await check(answers('8.8.8.8'));
    // Slow DNS does not hold the API up; the check at connect time still applies.
    await check(slow);
    await check(answers('10.0.0.7'), true);
  });
});
