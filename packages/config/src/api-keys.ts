import { ConfigError } from './config.js';

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
    if (keys.has(key))
      throw new ConfigError(`API_KEYS lists the same key twice (tenant ${tenant})`);
    keys.set(key, tenant);
  }
  return keys;
}
