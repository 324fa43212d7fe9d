import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { ModelError } from './model-error.js';
import type { ModelEntry } from './model-manifest.js';
import { cachedModelPath, pullModel } from './pull-model.js';
import { startModelServer, type ModelServer } from './testing/model-server.js';

const bytes = findBuiltinModel('bicubic-x2')!.build();
const sha256 = createHash('sha256').update(bytes).digest('hex');
let server: ModelServer;
let cacheDir: string;

before(async () => {
  server = await startModelServer({ '/models/x2.onnx': bytes });
  cacheDir = await mkdtemp(join(tmpdir(), 'pull-model-'));
});

after(async () => {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});

function entry(path: string, hash = sha256, id = 'x2'): ModelEntry {
  return {
    id,
    kind: 'sr',
    scale: 2,
    source: { type: 'url', url: server.url(path) },
    sha256: hash,
    padMultiple: 1,
    dtype: 'float32',
    licence: 'test',
    layout: 'nchw',
  };
}

const isModelError = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof ModelError && error.code === code && pattern.test(error.message);

test('a listed model is downloaded, checked and cached once', async () => {
  const path = await pullModel(entry('/models/x2.onnx'), cacheDir);
  assert.equal(path, cachedModelPath(entry('/models/x2.onnx'), cacheDir));
  assert.deepEqual(await readFile(path), Buffer.from(bytes));
  assert.deepEqual(await readdir(cacheDir), [`x2-${sha256}.onnx`], 'no temporary file is left');
  const before = server.requests.length;
  assert.equal(await pullModel(entry('/models/x2.onnx'), cacheDir), path);
  assert.equal(server.requests.length, before, 'the cached copy is used');
});

test('a cached file that no longer matches is fetched again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pull-model-'));
  const path = cachedModelPath(entry('/models/x2.onnx'), dir);
  await writeFile(path, 'corrupt');
  assert.equal(await pullModel(entry('/models/x2.onnx'), dir), path);
  assert.deepEqual(await readFile(path), Buffer.from(bytes));
  await rm(dir, { recursive: true, force: true });
});

test('a wrong checksum is refused and nothing is cached', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pull-model-'));
  const wrong = 'ab'.repeat(32);
  await assert.rejects(
    pullModel(entry('/models/x2.onnx', wrong, 'bad'), dir),
    isModelError(
      'MODEL_CHECKSUM',
      new RegExp(`model bad from .* has sha256 ${sha256}, but ${wrong} was expected: refused`),
    ),
  );
  assert.deepEqual(await readdir(dir), []);
  await rm(dir, { recursive: true, force: true });
});

test('server and network failures are MODEL_DOWNLOAD, and leave nothing behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pull-model-'));
  await assert.rejects(
    pullModel(entry('/missing.onnx'), dir),
    isModelError('MODEL_DOWNLOAD', /answered 404 Not Found/),
  );
  await assert.rejects(
    pullModel(entry('/broken'), dir),
    isModelError('MODEL_DOWNLOAD', /broke off|terminated/),
  );
  const refused = async () => {
    throw new TypeError('fetch failed');
  };
  await assert.rejects(
    pullModel(entry('/models/x2.onnx'), dir, { fetch: refused }),
    isModelError('MODEL_DOWNLOAD', /could not reach .*: fetch failed/),
  );
  assert.deepEqual(await readdir(dir), []);
  await rm(dir, { recursive: true, force: true });
});
