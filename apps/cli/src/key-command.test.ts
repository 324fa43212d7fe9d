import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAdminKeys, parseApiKeys } from '@remaster/config';
import { formatKeyResult, runKeyCommand } from './key-command.js';

test('generate makes a new key whose API_KEYS entry authenticates it as the tenant', () => {
  const result = runKeyCommand({ args: ['generate'], tenant: 'acme' });
  assert.match(result.key!, /^rk_[A-Za-z0-9_-]{43}$/);
  assert.match(result.entry, /^acme:sha256:[0-9a-f]{64}$/);
  const keys = parseApiKeys(result.entry);
  assert.equal(keys.get(result.digest), 'acme');
  assert.ok(!result.entry.includes(result.key!));
  assert.match(formatKeyResult(result, 'acme'), /^API_KEYS\s+acme:sha256:/m);
});

test('hash turns an existing key into its digest; without --tenant, an ADMIN_API_KEYS entry', () => {
  const result = runKeyCommand({ args: ['hash', 'my-long-admin-key-123'] });
  assert.equal(result.key, undefined);
  assert.deepEqual([...parseAdminKeys(result.entry)], [result.digest]);
  assert.deepEqual(
    [...parseAdminKeys('my-long-admin-key-123')],
    [result.digest],
    'the hashed entry matches the plain key',
  );
  assert.equal(
    runKeyCommand({ args: ['hash'], stdinKey: 'my-long-admin-key-123\n' }).digest,
    result.digest,
  );
});

test('refuses unknown actions, missing keys and bad tenants', () => {
  assert.throws(() => runKeyCommand({ args: ['rotate'] }), /usage: remaster key/);
  assert.throws(() => runKeyCommand({ args: ['hash'] }), /usage: remaster key hash/);
  assert.throws(() => runKeyCommand({ args: ['generate'], tenant: 'a b' }), /--tenant/);
});
