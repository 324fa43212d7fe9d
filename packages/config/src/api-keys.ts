import { ConfigError } from './config.js';

/** The tenant name an admin key authenticates as; no API_KEYS entry may use it. */
export const ADMIN_TENANT = 'admin';

/** Parses `key,key` (ADMIN_API_KEYS) into the set of admin keys. */
export function parseAdminKeys(text: string | undefined): Set<string> {
  const keys = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const key of keys) {
    if (key.length < 16)
      throw new ConfigError('ADMIN_API_KEYS: each key needs at least 16 characters');
  }
  return new Set(keys);
}

/** Parses `tenant:key,tenant:key` into key → tenant. */
export function parseApiKeys(text: string | undefined): Map<string, string> {
  const keys = new Map<string, string>();
  for (const entry of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const tenant = entry.slice(0, colon).trim();
    const key = entry.slice(colon + 1).trim();
    if (colon <= 0 || !key)
      throw new ConfigError(`API_KEYS entry "${entry.slice(0, 20)}…" must be tenant:key`);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(tenant)) {
      throw new ConfigError(
        `API_KEYS tenant "${tenant}" may only use letters, digits, _ . - (max 64)`,
      );
    }
    if (tenant === ADMIN_TENANT)
      throw new ConfigError(
        `API_KEYS tenant "${ADMIN_TENANT}" is reserved: put admin keys in ADMIN_API_KEYS`,
      );
    if (keys.has(key))
      throw new ConfigError(`API_KEYS lists the same key twice (tenant ${tenant})`);
    keys.set(key, tenant);
  }
  return keys;
}
