// Test harness for end-to-end tests and benchmarks: a redis-server and an S3 server on
// free loopback ports, and the real launcher (with all its role processes) pointed at them.
// The caller resolves the launcher's built entry (it is the one that depends on the app).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { localEnv } from './local-env.js';
import { startRedis } from './start-redis.js';
import type { StartedS3 } from './start-s3.js';
import { startS3 } from './start-s3.js';

const KEY = 'stack-key';

export interface JobBody {
  id: string;
  status: string;
  progress: { percent: number; framesDone: number; framesTotal?: number };
  source?: {
    sceneCuts?: number[];
    normalised?: { reason: string; fps: string };
    repeatedFrames?: { count: number; first: number[] };
    bitDepth?: number;
    emptyIndexEntries?: number;
  };
  output?: {
    url: string;
    width: number;
    height: number;
    fps: string;
    frames: number;
    pixelFormat?: string;
    bitDepth?: number;
  };
  error?: { code: string; message: string };
  report?: {
    sceneCuts: { frame: number; seconds: number }[];
    frames: { copied: number; interpolated: number };
    models: { id: string; kind: string; provider: string; chunks: number }[];
    renderFps?: number;
    phases: { planSeconds?: number; renderSeconds?: number; stitchSeconds?: number };
    framesVerified?: number;
    chunks: {
      index: number;
      renderSeconds?: number;
      framesVerified?: number;
      redecoded?: { from: number; attempts: number };
    }[];
  };
  comparison?: {
    sourceUrl?: string;
    stills: {
      kind: string;
      outputFrame: number;
      sourceFrame: number;
      sourceUrl: string;
      outputUrl: string;
    }[];
  };
}

export interface Stack {
  readonly dir: string;
  /** Base URL of the API, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The one API key the stack accepts. */
  readonly apiKey: string;
  readonly s3: StartedS3;
  /** The stack's own redis-server, e.g. to read BullMQ's attempt counts. */
  readonly redisUrl: string;
  submit(body: unknown): Promise<JobBody>;
  waitForJob(id: string, timeoutMs?: number): Promise<JobBody>;
  stop(): Promise<void>;
}

export interface StartStackOptions {
  /** Path of the launcher's built `dist/main.js`. */
  readonly launcher: string;
  /** Adds or overrides launcher variables. */
  readonly env?: Record<string, string>;
}

/** Starts Redis, S3 and the launcher with all its roles. */
export async function startStack({ launcher: entry, env = {} }: StartStackOptions): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-e2e-'));
  const [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const launcher = spawn(process.execPath, [entry], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // waitForJob polls every 100 ms, so rate limits are off: tests of them set their own.
      ...localEnv({
        port,
        redisUrl: redis.url,
        s3,
        apiKeys: `e2e:${KEY}`,
        dataDir: join(dir, 'data'),
        tmpDir: dir,
      }),
      // Tests submit bad inputs on purpose; E2E_LOG_LEVEL=info shows every log line.
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'fatal',
      ...env,
    },
  });
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  await waitForHealth(`${base}/healthz`, launcher);
  return {
    dir,
    url: base,
    apiKey: KEY,
    s3,
    redisUrl: redis.url,
    submit: async (body) => {
      const response = await fetch(`${base}/v1/jobs`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (response.status !== 202)
        throw new Error(`submit answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as JobBody;
    },
    waitForJob: async (id, timeoutMs = 300_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as JobBody;
        if (['completed', 'failed', 'canceled'].includes(job.status)) return job;
        if (Date.now() > deadline)
          throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: async () => {
      await stopProcess(launcher);
      await Promise.all([redis.stop(), s3.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function waitForHealth(url: string, launcher: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (launcher.exitCode !== null)
      throw new Error(`the launcher exited with ${launcher.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
