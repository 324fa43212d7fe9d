import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.js';
import { parseApiKeys } from './api-keys.js';

test('defaults apply to an empty environment', () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 8080);
  assert.equal(config.EMBEDDED_S3_PORT, 4568);
  assert.deepEqual(config.ROLES, ['api', 'planner', 'worker', 'stitcher']);
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

test('lists every bad variable at once', () => {
  assert.throws(
    () => loadConfig({ ROLES: 'gpu', PORT: 'x' }),
    (error: Error) => {
      assert.match(
        error.message,
        /ROLES must list some of api, planner, worker, stitcher; unknown: gpu/,
      );
      assert.match(error.message, /PORT/);
      return true;
    },
  );
});

test('parses API keys into key → tenant', () => {
  assert.deepEqual(
    [...parseApiKeys('acme:k1, globex:k2')],
    [
      ['k1', 'acme'],
      ['k2', 'globex'],
    ],
  );
  assert.throws(() => parseApiKeys('nokey'), /tenant:key/);
  assert.throws(() => parseApiKeys('a:k,b:k'), /same key twice/);
});
