import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signWebhook, verifyWebhook } from './verify-webhook.js';
import { WebhookVerificationError } from './webhook-verification-error.js';

// The Standard Webhooks reference test vector (also used by the svix libraries).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const AT = new Date(TIMESTAMP * 1000);

const headers = (signature = SIGNATURE, timestamp = String(TIMESTAMP)) => ({
  'webhook-id': ID,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});

function refused(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof WebhookVerificationError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe('verifyWebhook', () => {
  test('signs the reference vector exactly', () => {
    assert.equal(signWebhook(SECRET, ID, TIMESTAMP, BODY), SIGNATURE);
    assert.equal(signWebhook(SECRET, ID, TIMESTAMP, Buffer.from(BODY)), SIGNATURE);
  });

  test('accepts the reference vector and answers the parsed body', () => {
    assert.deepEqual(verifyWebhook(SECRET, headers(), BODY, { now: AT }), { test: 2432232314 });
    assert.deepEqual(verifyWebhook(SECRET, headers(), Buffer.from(BODY), { now: AT }), {
      test: 2432232314,
    });
  });

  test('reads fetch Headers and header names in any case', () => {
    assert.deepEqual(verifyWebhook(SECRET, new Headers(headers()), BODY, { now: AT }), {
      test: 2432232314,
    });
    const upper = { 'Webhook-Id': ID, 'Webhook-Timestamp': String(TIMESTAMP) };
    const signed = { ...upper, 'WEBHOOK-SIGNATURE': SIGNATURE };
    assert.deepEqual(verifyWebhook(SECRET, signed, BODY, { now: AT }), { test: 2432232314 });
  });

  test('refuses a tampered body', () => {
    refused(
      () => verifyWebhook(SECRET, headers(), '{"test": 2432232315}', { now: AT }),
      'NO_MATCHING_SIGNATURE',
    );
  });

  test('refuses a tampered id or timestamp', () => {
    const otherId = { ...headers(), 'webhook-id': 'msg_other' };
    refused(() => verifyWebhook(SECRET, otherId, BODY, { now: AT }), 'NO_MATCHING_SIGNATURE');
    refused(
      () => verifyWebhook(SECRET, headers(SIGNATURE, String(TIMESTAMP + 1)), BODY, { now: AT }),
      'NO_MATCHING_SIGNATURE',
    );
  });

  test('refuses the wrong secret', () => {
    const other = `whsec_${Buffer.from('another secret entirely').toString('base64')}`;
    refused(() => verifyWebhook(other, headers(), BODY, { now: AT }), 'NO_MATCHING_SIGNATURE');
  });

  test('refuses a secret that is not whsec_ + base64', () => {
    refused(() => verifyWebhook('whsec_', headers(), BODY, { now: AT }), 'INVALID_SECRET');
    refused(
      () => verifyWebhook('whsec_not base64!', headers(), BODY, { now: AT }),
      'INVALID_SECRET',
    );
  });

  test('refuses timestamps outside the tolerance, both ways; 5 minutes by default', () => {
    const late = new Date((TIMESTAMP + 301) * 1000);
    refused(
      () => verifyWebhook(SECRET, headers(), BODY, { now: late }),
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
    const early = new Date((TIMESTAMP - 301) * 1000);
    refused(
      () => verifyWebhook(SECRET, headers(), BODY, { now: early }),
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
    const edge = new Date((TIMESTAMP + 300) * 1000);
    assert.deepEqual(verifyWebhook(SECRET, headers(), BODY, { now: edge }), { test: 2432232314 });
    assert.deepEqual(
      verifyWebhook(SECRET, headers(), BODY, { now: late, toleranceSeconds: 3600 }),
      { test: 2432232314 },
    );
    refused(() => verifyWebhook(SECRET, headers(), BODY), 'TIMESTAMP_OUT_OF_TOLERANCE');
  });

  test('accepts any one matching signature among several, skipping other versions', () => {
    const several = `v1,bm9wZQ== v1a,${SIGNATURE.slice(3)} ${SIGNATURE} v1,short`;
    assert.deepEqual(verifyWebhook(SECRET, headers(several), BODY, { now: AT }), {
      test: 2432232314,
    });
    // The right bytes under another version prefix do not count.
    refused(
      () => verifyWebhook(SECRET, headers(`v2,${SIGNATURE.slice(3)}`), BODY, { now: AT }),
      'NO_MATCHING_SIGNATURE',
    );
  });

  test('accepts a key rotated in: the old and new secret both sign', () => {
    const newSecret = `whsec_${Buffer.from('the new key, 24 bytes...').toString('base64')}`;
    const both = `${signWebhook(newSecret, ID, TIMESTAMP, BODY)} ${SIGNATURE}`;
    assert.deepEqual(verifyWebhook(newSecret, headers(both), BODY, { now: AT }), {
      test: 2432232314,
    });
    assert.deepEqual(verifyWebhook(SECRET, headers(both), BODY, { now: AT }), { test: 2432232314 });
  });

  test('refuses missing headers and malformed timestamps, naming the header', () => {
    const { 'webhook-id': _id, ...noId } = headers();
    assert.throws(
      () => verifyWebhook(SECRET, noId, BODY, { now: AT }),
      /webhook-id header is missing/,
    );
    refused(
      () => verifyWebhook(SECRET, { ...headers(), 'webhook-signature': '' }, BODY, { now: AT }),
      'MISSING_HEADER',
    );
    refused(
      () => verifyWebhook(SECRET, headers(SIGNATURE, '1614265330.5'), BODY, { now: AT }),
      'INVALID_TIMESTAMP',
    );
  });

  test('refuses a validly signed body that is not JSON', () => {
    const signature = signWebhook(SECRET, ID, TIMESTAMP, 'plain text');
    refused(
      () => verifyWebhook(SECRET, headers(signature), 'plain text', { now: AT }),
      'INVALID_PAYLOAD',
    );
  });
});
