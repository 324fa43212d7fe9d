// A configuration error stops `npm start` once, with the message (variable, value, what to
// do) and no stack trace; the launcher never restarts a role that exits on one. Real
// launcher and role processes against a real redis-server and S3 server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONFIG_ERROR_EXIT_CODE } from '@remaster/config';
import type { StartedS3 } from '@remaster/testing';
import { freePort, localEnv, startRedis, startS3 } from '@remaster/testing';

const LAUNCHER = fileURLToPath(import.meta.resolve('@remaster/launcher/main'));

/** A stack trace line as Node prints it. */
const STACK_LINE = /^\s+at .+[:(]/m;

interface LauncherRun {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

describe('configuration errors stop the launcher once', () => {
  let dir: string;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let s3: StartedS3;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-errors-'));
    [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
  });
  after(async () => {
    await Promise.all([redis?.stop(), s3?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  async function runLauncher(env: Record<string, string>): Promise<LauncherRun> {
    const started = Date.now();
    const child = spawn(process.execPath, [LAUNCHER], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...localEnv({
          port: await freePort(),
          redisUrl: redis.url,
          s3,
          apiKeys: 'e2e:config-key',
          dataDir: join(dir, 'data'),
          tmpDir: dir,
        }),
        LOG_LEVEL: 'info',
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A restart loop never exits by itself: the test's timeout would end it.
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, output, seconds: (Date.now() - started) / 1000 };
  }

  test('a MODELS_DIR that does not exist: one message naming it, exit 78, no role started', async () => {
    const missing = join(dir, 'no-such-models');
    const run = await runLauncher({ MODELS_DIR: missing });
    assert.equal(run.code, CONFIG_ERROR_EXIT_CODE, run.output);
    assert.match(run.output, new RegExp(`MODELS_DIR: "${missing}" .*does not exist`));
    assert.match(run.output, /npm run models/);
    assert.doesNotMatch(run.output, STACK_LINE, 'no stack trace');
    assert.doesNotMatch(run.output, /remaster started/);
  });

  test('a default model nobody registered: the roles stop on it and the launcher exits 78 without restarting them', async () => {
    const run = await runLauncher({ DEFAULT_VFI_MODEL: 'no-such-interpolator' });
    assert.equal(run.code, CONFIG_ERROR_EXIT_CODE, run.output);
    assert.match(run.output, /MODEL_DEFAULT: .*no-such-interpolator/);
    assert.match(run.output, /role stopped on the configuration error above/);
    assert.doesNotMatch(run.output, /restarting/, 'no role was restarted');
    assert.doesNotMatch(run.output, STACK_LINE, 'no stack trace');
  });
});
