import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

const scratch = mkdtempSync(join(tmpdir(), 'config-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('defaults apply to an empty environment', () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 8080);
  assert.equal(config.EMBEDDED_S3_PORT, 4568);
  assert.deepEqual(config.ROLES, ['api', 'planner', 'worker', 'stitcher', 'webhook']);
  assert.equal(config.ALLOW_PRIVATE_URLS, false);
  assert.equal(config.QUEUE_PREFIX, '{remaster}');
});

test('parses roles, booleans and numbers', () => {
  const config = loadConfig({
    ROLES: 'worker, stitcher',
    ALLOW_PRIVATE_URLS: 'true',
    WORKER_CONCURRENCY: '2',
  });
  assert.deepEqual(config.ROLES, ['worker', 'stitcher']);
  assert.equal(config.ALLOW_PRIVATE_URLS, true);
  assert.equal(config.WORKER_CONCURRENCY, 2);
});

test('model settings: folders split on commas, the cache under DATA_DIR by default', () => {
  const defaults = loadConfig({ DATA_DIR: '/srv/remaster' });
  assert.deepEqual(defaults.MODELS_DIR, []);
  assert.equal(defaults.MODELS_CACHE_DIR, '/srv/remaster/models');
  assert.equal(defaults.TILE_SIZE, undefined);
  assert.equal(defaults.INFERENCE_MEMORY_MB, 256);
  const [a, b] = [join(scratch, 'a'), join(scratch, 'b')];
  for (const dir of [a, b]) mkdirSync(dir, { recursive: true });
  const config = loadConfig({
    MODELS_DIR: `${a}, ${b}`,
    MODELS_CACHE_DIR: '/cache',
    TILE_SIZE: '512',
  });
  assert.deepEqual(config.MODELS_DIR, [a, b]);
  assert.equal(config.MODELS_CACHE_DIR, '/cache');
  assert.equal(config.TILE_SIZE, 512);
  assert.throws(() => loadConfig({ TILE_SIZE: '0' }), /TILE_SIZE/);
});

test('a MODELS_DIR folder or MODELS_MANIFEST file that is not there is refused at once, with what to do', () => {
  const file = join(scratch, 'models.json');
  writeFileSync(file, '{"models":[]}');
  const missing = join(scratch, 'no-such-models');
  assert.throws(
    () => loadConfig({ MODELS_DIR: `${scratch},${missing}` }),
    (error: Error) =>
      error instanceof ConfigError &&
      error.message.includes(`MODELS_DIR: "${missing}" (${missing}) does not exist`) &&
      error.message.includes('npm run models'),
  );
  assert.throws(
    () => loadConfig({ MODELS_DIR: file }),
    (error: Error) => error instanceof ConfigError && /is a file, not a folder/.test(error.message),
  );
  assert.throws(
    () => loadConfig({ MODELS_MANIFEST: missing }),
    (error: Error) =>
      error instanceof ConfigError && /MODELS_MANIFEST: .* is not a file/.test(error.message),
  );
  assert.equal(loadConfig({ MODELS_MANIFEST: file }).MODELS_MANIFEST, file);
});

test("the output's upload part size is in MiB, within what S3 accepts", () => {
  assert.equal(loadConfig({}).OUTPUT_UPLOAD_PART_MB, 64);
  assert.equal(loadConfig({ OUTPUT_UPLOAD_PART_MB: '128' }).OUTPUT_UPLOAD_PART_MB, 128);
  assert.throws(() => loadConfig({ OUTPUT_UPLOAD_PART_MB: '4' }), /OUTPUT_UPLOAD_PART_MB/);
  assert.throws(() => loadConfig({ OUTPUT_UPLOAD_PART_MB: '6000' }), /OUTPUT_UPLOAD_PART_MB/);
});

test('lists every bad variable at once', () => {
  assert.throws(
    () => loadConfig({ ROLES: 'gpu', PORT: 'x' }),
    (error: Error) => {
      assert.match(
        error.message,
        /ROLES must list some of api, planner, worker, stitcher, webhook; unknown: gpu/,
      );
      assert.match(error.message, /PORT/);
      return true;
    },
  );
});

test('REDIS_CLUSTER needs seed nodes and a hash-tagged prefix', () => {
  assert.equal(loadConfig({}).REDIS_CLUSTER, false);
  const ok = loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://a:7000,redis://b:7000' });
  assert.equal(ok.REDIS_CLUSTER, true);
  assert.throws(
    () => loadConfig({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'remaster' }),
    (error: Error) => {
      assert.match(error.message, /REDIS_URL: REDIS_CLUSTER=true needs the seed nodes/);
      assert.match(error.message, /QUEUE_PREFIX: REDIS_CLUSTER=true needs a hash tag/);
      return true;
    },
  );
  assert.throws(
    () => loadConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://a:7000', QUEUE_PREFIX: 'x{}' }),
    /QUEUE_PREFIX/,
  );
});
