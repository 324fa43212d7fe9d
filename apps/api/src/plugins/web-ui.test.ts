import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { webUi, webUiDirs } from './web-ui.js';

test('serves the built dashboard: index at /ui/, its script and style; /ui redirects', async () => {
  const app = Fastify();
  await app.register(webUi, {});
  const index = await app.inject('/ui/');
  assert.equal(index.statusCode, 200);
  assert.match(index.headers['content-type'] as string, /^text\/html/);
  assert.match(index.body, /<script type="module" src="\.\/main\.js"><\/script>/);
  assert.match(index.headers['content-security-policy'] as string, /default-src 'self'/);
  const script = await app.inject('/ui/main.js');
  assert.equal(script.statusCode, 200, `built into ${webUiDirs().join(', ')}?`);
  assert.match(script.headers['content-type'] as string, /^text\/javascript/);
  assert.equal((await app.inject('/ui/style.css')).statusCode, 200);
  const bare = await app.inject('/ui');
  assert.deepEqual([bare.statusCode, bare.headers.location], [302, '/ui/']);
  await app.close();
});

test('only the files it read at start, by name: no path reaches the file system', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-ui-'));
  try {
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    await writeFile(join(dir, 'secret.txt'), 'no');
    const app = Fastify();
    await app.register(webUi, { dirs: [dir] });
    for (const path of ['/ui/secret.txt', '/ui/..%2Fpackage.json', '/ui/missing.js'])
      assert.equal((await app.inject(path)).statusCode, 404, path);
    await app.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('without a built index.html the route is absent', async () => {
  const app = Fastify();
  await app.register(webUi, { dirs: [join(tmpdir(), 'remaster-no-such-dir')] });
  assert.equal((await app.inject('/ui/')).statusCode, 404);
  await app.close();
});
