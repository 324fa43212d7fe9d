import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from './webhook-verification-error.js';

/** Fetch `Headers`, or Node's `IncomingHttpHeaders` (names in any case). */
export type WebhookHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyWebhookOptions {
  /** How far the `webhook-timestamp` may be from now, either way; 300 s by default. */
  readonly toleranceSeconds?: number;
  /** The time to check against; now by default. */
  readonly now?: Date;
}

/**
 * Verifies a webhook per the Standard Webhooks spec and returns its parsed JSON body.
 * `body` must be the raw bytes received, not a re-serialised object. Throws
 * {@link WebhookVerificationError} when a header is missing, the timestamp is outside
 * the tolerance (replays) or no `v1` signature matches.
 */
export function verifyWebhook<T = unknown>(
  secret: string,
  headers: WebhookHeaders,
  body: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): T {
  const { toleranceSeconds = 300, now = new Date() } = options;
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!/^\d{1,15}$/.test(timestamp))
    throw new WebhookVerificationError(
      'INVALID_TIMESTAMP',
      `webhook-timestamp must be whole seconds since 1970, got "${timestamp.slice(0, 40)}"`,
    );
  const skew = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(skew) > toleranceSeconds)
    throw new WebhookVerificationError(
      'TIMESTAMP_OUT_OF_TOLERANCE',
      `webhook-timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? 'past' : 'future'} (tolerance ${toleranceSeconds} s): a replay, or a clock that is off`,
    );
  const expected = hmac(secret, id, timestamp, body);
  const matches = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'base64'))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  if (!matches)
    throw new WebhookVerificationError(
      'NO_MATCHING_SIGNATURE',
      'no webhook-signature matches: check the secret (GET /v1/webhook-secret) and that the body is the raw bytes received',
    );
  try {
    return JSON.parse(Buffer.from(body).toString('utf8')) as T;
  } catch {
    throw new WebhookVerificationError('INVALID_PAYLOAD', 'the signed body is not JSON');
  }
}

/** The `webhook-signature` value (`v1,<base64>`) for one message; for senders and tests. */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  return `v1,${hmac(secret, id, String(timestamp), body).toString('base64')}`;
}

function hmac(secret: string, id: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest();
}

/** `whsec_<base64>` → the key bytes. */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded))
    throw new WebhookVerificationError(
      'INVALID_SECRET',
      'the secret must be "whsec_" followed by base64, as GET /v1/webhook-secret answers it',
    );
  return key;
}

function header(headers: WebhookHeaders, name: string): string {
  let value: string | readonly string[] | null | undefined;
  if (typeof headers.get === 'function') {
    value = (headers as { get(name: string): string | null }).get(name);
  } else {
    const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
    const key = Object.keys(record).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : record[key];
  }
  const first = typeof value === 'string' ? value : value?.[0];
  if (!first) throw new WebhookVerificationError('MISSING_HEADER', `the ${name} header is missing`);
  return first;
}
