import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyWebhook } from '@remaster/sdk';
import { newWebhookSecret, signatureHeader } from './webhook-signature.js';

test('each secret of a rotation signs once, and the SDK verifies with either', () => {
  const [current, previous, other] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()];
  assert.match(current, /^whsec_[A-Za-z0-9+/]{32}$/);
  const now = new Date('2026-01-01T00:00:00Z');
  const message = {
    id: 'msg_1',
    timestamp: now.getTime() / 1000,
    body: '{"type":"job.completed"}',
  };
  const signature = signatureHeader([current, previous], message);
  assert.equal(signature.split(' ').length, 2);
  const headers = {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': signature,
  };
  for (const secret of [current, previous])
    assert.deepEqual(verifyWebhook(secret, headers, message.body, { now }), {
      type: 'job.completed',
    });
  assert.throws(() => verifyWebhook(other, headers, message.body, { now }), {
    code: 'NO_MATCHING_SIGNATURE',
  });
});
