import { generateApiKey, hashApiKey } from '@remaster/config';
import { CliError } from './cli-error.js';

export interface KeyCommandInput {
  /** `generate` or `hash`, then the key for `hash`. */
  readonly args: readonly string[];
  readonly tenant?: string;
  /** The key to hash when none is given as an argument (read from stdin, out of shell history). */
  readonly stdinKey?: string;
}

export interface KeyCommandResult {
  /** The new key (generate only): give it to the client, then forget it. */
  readonly key?: string;
  readonly digest: string;
  /** What to put in API_KEYS (`tenant:sha256:…`) or ADMIN_API_KEYS (`sha256:…`). */
  readonly entry: string;
}

/**
 * `remaster key generate|hash`: makes a new API key or hashes an existing one, so the
 * server's API_KEYS / ADMIN_API_KEYS hold only `sha256:` digests, never a plain key.
 */
export function runKeyCommand({ args, tenant, stdinKey }: KeyCommandInput): KeyCommandResult {
  if (tenant !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(tenant))
    throw new CliError('--tenant may only use letters, digits, _ . - (max 64)');
  const [action, ...rest] = args;
  const entry = (digest: string) => (tenant ? `${tenant}:${digest}` : digest);
  if (action === 'generate' && rest.length === 0) {
    const key = generateApiKey();
    const digest = hashApiKey(key);
    return { key, digest, entry: entry(digest) };
  }
  if (action === 'hash' && rest.length <= 1) {
    const key = (rest[0] ?? stdinKey ?? '').trim();
    if (!key) throw new CliError('usage: remaster key hash <key> (or the key on stdin)');
    const digest = hashApiKey(key);
    return { digest, entry: entry(digest) };
  }
  throw new CliError(
    'usage: remaster key generate [--tenant T] | remaster key hash [<key>] [--tenant T]',
  );
}

/** The text form: the key (when new) and the configuration entry. */
export function formatKeyResult(result: KeyCommandResult, tenant?: string): string {
  const variable = tenant ? 'API_KEYS' : 'ADMIN_API_KEYS';
  return [
    result.key && `key       ${result.key}   (give this to the client; it is not stored anywhere)`,
    `${variable.padEnd(9)} ${result.entry}`,
  ]
    .filter(Boolean)
    .join('\n');
}
