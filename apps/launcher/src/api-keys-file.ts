import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * API_KEYS when set; otherwise a key generated once for tenant "local" and kept in
 * DATA_DIR/api-keys (mode 600) so it survives restarts.
 */
export async function localApiKeys(
  dataDir: string,
  configured: string | undefined,
): Promise<{ keys: string; generated: boolean }> {
  if (configured) return { keys: configured, generated: false };
  const path = join(dataDir, 'api-keys');
  try {
    return { keys: (await readFile(path, 'utf8')).trim(), generated: true };
  } catch {
    const keys = `local:rk_${randomBytes(24).toString('base64url')}`;
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, keys + '\n', { mode: 0o600 });
    return { keys, generated: true };
  }
}
