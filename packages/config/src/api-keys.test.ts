import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  firstPlainApiKey,
  generateApiKey,
  hashApiKey,
  keyDigest,
  parseAdminKeys,
  parseApiKeys,
} from './api-keys.js';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

test('hashes a key to sha256:<hex>; a digest is kept as it is', () => {
  assert.equal(hashApiKey('k1'), sha('k1'));
  assert.equal(keyDigest('k1'), sha('k1'));
  assert.equal(keyDigest(sha('k1')), sha('k1'));
});

test('parses API keys into digest → tenant; the plain key is not kept', () => {
  const keys = parseApiKeys(`acme:k1, globex:k2, acme:${sha('k3')}`);
  assert.deepEqual(
    [...keys],
    [
      [sha('k1'), 'acme'],
      [sha('k2'), 'globex'],
      [sha('k3'), 'acme'],
    ],
  );
  assert.ok(![...keys.keys()].includes('k1'));
});

test('refuses bad entries, a reserved tenant and the same key twice (plain or hashed)', () => {
  assert.throws(() => parseApiKeys('nokey'), /tenant:key/);
  assert.throws(() => parseApiKeys('a:k,b:k'), /same key twice/);
  assert.throws(() => parseApiKeys(`a:k,b:${sha('k')}`), /same key twice/);
  assert.throws(() => parseApiKeys('admin:k'), /reserved/);
  assert.throws(() => parseApiKeys('a b:k'), /letters, digits/);
  assert.throws(() => parseApiKeys('a:sha256:abc'), /64 lowercase hex/);
});

test('admin keys: plain ones need 16 characters, hashed ones are accepted', () => {
  const digests = parseAdminKeys(`0123456789abcdef, ${sha('short')}`);
  assert.deepEqual([...digests], [sha('0123456789abcdef'), sha('short')]);
  assert.throws(() => parseAdminKeys('short'), /16 characters/);
  assert.equal(parseAdminKeys(undefined).size, 0);
});

test('generated keys are long, random and URL-safe', () => {
  const a = generateApiKey();
  assert.match(a, /^rk_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, generateApiKey());
});

test('the first plain key of API_KEYS, skipping hashed entries', () => {
  assert.equal(firstPlainApiKey(`a:${sha('x')},b:k2`), 'k2');
  assert.equal(firstPlainApiKey(`a:${sha('x')}`), undefined);
});
