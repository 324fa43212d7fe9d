import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, Logger } from '@remaster/config';
import { redisAnswers } from './redis-ping.js';

export interface RedisChoice {
  readonly url: string;
  readonly description: string;
  readonly process?: ChildProcess;
}

/**
 * REDIS_URL when set; else a Redis already answering on 127.0.0.1:6379 or on the
 * embedded port; else a redis-server we start with AOF under DATA_DIR/redis.
 */
export async function chooseRedis(config: Config, logger: Logger): Promise<RedisChoice> {
  if (config.REDIS_URL) return { url: config.REDIS_URL, description: 'REDIS_URL' };
  if (await redisAnswers('127.0.0.1', 6379))
    return {
      url: 'redis://127.0.0.1:6379',
      description: 'the Redis already running on 127.0.0.1:6379',
    };
  const port = config.EMBEDDED_REDIS_PORT;
  const url = `redis://127.0.0.1:${port}`;
  if (await redisAnswers('127.0.0.1', port))
    return { url, description: `the Redis already running on port ${port}` };
  const dir = join(config.DATA_DIR, 'redis');
  await mkdir(dir, { recursive: true });
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--save',
    '',
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(
        new Error(
          `could not start redis-server (${error.message}): install it with apt-get install redis-server, or set REDIS_URL`,
        ),
      ),
    ),
  );
  await Promise.race([waitFor(() => redisAnswers('127.0.0.1', port), 10_000), spawnError]);
  logger.info({ port, dir }, 'started redis-server with AOF persistence');
  return {
    url,
    description: `a redis-server started on port ${port} (data in ${dir})`,
    process: child,
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not answer within ${timeoutMs} ms`);
}
