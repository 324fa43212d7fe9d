import { randomBytes } from 'node:crypto';
import { signWebhook } from '@remaster/sdk';

const SECRET_PREFIX = 'whsec_';

/** A new Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

export interface SignedMessage {
  readonly id: string;
  /** Unix seconds of this delivery attempt. */
  readonly timestamp: number;
  readonly body: string;
}

/**
 * The `webhook-signature` header of one delivery: one `v1,` signature per secret,
 * space-separated (two while a rotated secret is still honoured). Each signature is the
 * SDK's `signWebhook`, so the rule receivers verify with (`verifyWebhook`) is the rule we
 * sign with, written once.
 */
export function signatureHeader(secrets: readonly string[], message: SignedMessage): string {
  return secrets
    .map((secret) => signWebhook(secret, message.id, message.timestamp, message.body))
    .join(' ');
}
