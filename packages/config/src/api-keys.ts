import { createHash, randomBytes } from 'node:crypto';
import { ConfigError } from './config.js';

/** The tenant name an admin key authenticates as; no API_KEYS entry may use it. */
export const ADMIN_TENANT = 'admin';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The form every key is held in: `sha256:<64 hex>`. Keys are 192-bit random
 * strings, so a plain SHA-256 cannot be reversed or brute-forced; a slow hash
 * (scrypt, argon2) only matters for low-entropy secrets such as passwords, and
 * would cost every request.
 */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** True for an already hashed entry (`sha256:<64 lowercase hex>`). */
export function isKeyDigest(text: string): boolean {
  return DIGEST.test(text);
}

/** A key's digest: pre-hashed entries are kept, plain keys are hashed. */
export function keyDigest(keyOrDigest: string): string {
  return isKeyDigest(keyOrDigest) ? keyOrDigest : hashApiKey(keyOrDigest);
}

/** A new random API key: `rk_` and 32 bytes in base64url (256 bits). */
export function generateApiKey(): string {
  return `rk_${randomBytes(32).toString('base64url')}`;
}

/**
 * Parses ADMIN_API_KEYS (`key,sha256:<hex>,…`) into the set of admin key digests.
 * Plain keys need at least 16 characters.
 */
export function parseAdminKeys(text: string | undefined): Set<string> {
  const digests = new Set<string>();
  for (const key of entries(text)) {
    if (!isKeyDigest(key) && key.length < 16)
      throw new ConfigError('ADMIN_API_KEYS: each key needs at least 16 characters');
    digests.add(keyDigest(key));
  }
  return digests;
}

/**
 * Parses API_KEYS (`tenant:key` or `tenant:sha256:<hex>`, comma-separated) into
 * digest → tenant. A tenant may have several keys, which is how keys are rotated.
 */
export function parseApiKeys(text: string | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  for (const { tenant, key } of plainEntries(text)) {
    const digest = keyDigest(key);
    if (keys.has(digest))
      throw new ConfigError(`API_KEYS lists the same key twice (tenant ${tenant})`);
    keys.set(digest, tenant);
  }
  return keys;
}

/** The first entry of API_KEYS given as a plain key (the launcher prints it), if any. */
export function firstPlainApiKey(text: string | undefined): string | undefined {
  return plainEntries(text).find(({ key }) => !isKeyDigest(key))?.key;
}

function plainEntries(text: string | undefined): { tenant: string; key: string }[] {
  return entries(text).map((entry) => {
    const colon = entry.indexOf(':');
    const tenant = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    if (colon <= 0 || !key)
      throw new ConfigError(
        `API_KEYS entry "${entry.slice(0, 20)}…" must be tenant:key or tenant:sha256:<hex>`,
      );
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(tenant)) {
      throw new ConfigError(
        `API_KEYS tenant "${tenant}" may only use letters, digits, _ . - (max 64)`,
      );
    }
    if (tenant === ADMIN_TENANT)
      throw new ConfigError(
        `API_KEYS tenant "${ADMIN_TENANT}" is reserved: put admin keys in ADMIN_API_KEYS`,
      );
    if (key.startsWith('sha256:') && !isKeyDigest(key))
      throw new ConfigError(
        `API_KEYS entry for tenant ${tenant}: a hashed key is sha256: and 64 lowercase hex digits`,
      );
    return { tenant, key };
  });
}

function entries(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
