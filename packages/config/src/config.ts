import { tmpdir } from 'node:os';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

import type { Role } from '@remaster/roles';
import { ROLE_NAMES, isRole } from '@remaster/roles';

export type { Role };

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().min(1);

/** Comma-separated ids, trimmed; empty when unset. */
const idList = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );

const roles = z.string().transform((text, ctx) => {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isRole(n));
  if (names.length === 0 || unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `ROLES must list some of ${ROLE_NAMES.join(', ')}; unknown: ${unknown.join(', ') || '(empty)'}`,
    });
    return z.NEVER;
  }
  return [...new Set(names)] as Role[];
});

/**
 * Every environment variable Remaster reads, with its default and its meaning
 * (`.describe()`); docs/configuration.md is generated from this schema
 * (`pnpm --filter @remaster/config run docs`) and a test fails when it is stale. Markdown in a
 * description is relative to docs/. `docDefault` names a default that is not a literal.
 */
export const envSchema = z.object({
  PORT: port.default(8080).describe('API port'),
  HOST: z.string().default('127.0.0.1').describe('API interface; `0.0.0.0` in containers'),
  REDIS_URL: z
    .string()
    .optional()
    .describe(
      'Redis for queues (BullMQ) and job records; unset under `npm start`: a Redis answering on 127.0.0.1:6379 is used, else a redis-server is started (see [Two commands](../README.md#two-commands))',
    ),
  REDIS_CLUSTER: bool
    .default(false)
    .describe(
      'Redis Cluster: `REDIS_URL` lists seed nodes, comma-separated (`redis://node-a:6379,redis://node-b:6379`; user, password and `rediss://` TLS from the first apply to all), and the client finds the rest; `QUEUE_PREFIX` must hold a `{hash tag}`',
    ),
  QUEUE_PREFIX: z
    .string()
    .min(1)
    .default('{remaster}')
    .describe('prefix of every Redis key; braces make a Redis Cluster hash tag'),
  S3_ENDPOINT: z
    .string()
    .url()
    .optional()
    .describe('S3-compatible endpoint; unset under `npm start`: an embedded S3 server (s3rver)'),
  S3_PUBLIC_ENDPOINT: z.string().url().optional().meta({
    description:
      'endpoint written into presigned URLs handed to clients, when they reach S3 by another address',
    docDefault: '`S3_ENDPOINT`',
  }),
  S3_REGION: z.string().default('us-east-1').describe('region the S3 requests are signed for'),
  S3_BUCKET: z
    .string()
    .min(3)
    .default('remaster')
    .describe('bucket for inputs, segments and outputs'),
  S3_ACCESS_KEY_ID: z
    .string()
    .default('S3RVER')
    .describe("S3 access key id (the embedded server's by default)"),
  S3_SECRET_ACCESS_KEY: z
    .string()
    .default('S3RVER')
    .describe("S3 secret access key (the embedded server's by default)"),
  EMBEDDED_S3_PORT: port
    .default(4568)
    .describe('port of the embedded S3 server started when `S3_ENDPOINT` is unset'),
  EMBEDDED_REDIS_PORT: port
    .default(6380)
    .describe('port of the redis-server `npm start` starts when no Redis answers'),
  API_KEYS: z.string().optional().meta({
    description:
      '`tenant:key` or `tenant:sha256:<hex>` (`remaster key hash`), comma-separated; several keys per tenant (rotation). Under `npm start` a key is generated into `DATA_DIR` when unset',
    docDefault: 'generated under `npm start`',
  }),
  ADMIN_API_KEYS: z.string().optional().meta({
    description:
      'comma-separated keys (≥ 16 characters) or `sha256:<hex>`, for `GET /v1/workers` and `/admin/queues` (the queue dashboard); tenant `admin`',
    docDefault: 'unset (no admin)',
  }),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(600)
    .describe(
      '`/v1` requests per minute per tenant, all calls together (counted in Redis, across API processes); `0`: no limit',
    ),
  RATE_LIMIT_SUBMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(120)
    .describe(
      'of those, `POST /v1/jobs` and `POST /v1/uploads` per minute per tenant, counted apart; `0`: no limit',
    ),
  TENANT_MAX_ACTIVE_JOBS: z.coerce
    .number()
    .int()
    .min(0)
    .default(4)
    .describe(
      'jobs one tenant may have planning, processing or stitching at once; later ones stay `queued` until one ends, so one tenant cannot starve the others; `0`: no cap',
    ),
  DATA_DIR: z
    .string()
    .default('.data')
    .describe('data of the embedded Redis and S3, and the generated key'),
  ROLES: roles
    .default([...ROLE_NAMES])
    .describe('roles this process (or this machine, under `npm start`) runs'),
  ALLOW_PRIVATE_URLS: bool
    .default(false)
    .describe(
      "let `http(s)` inputs and webhooks reach loopback, private and metadata addresses: turns the SSRF guard's address checks off (local use; see [Outbound requests](api.md#outbound-requests-ssrf))",
    ),
  WORKER_CONCURRENCY: positiveInt
    .default(1)
    .describe(
      'chunks one worker process renders at once (one process per GPU); a chunk whose frames have all left the models does not count, so the next one starts decoding while its encoder flushes and it uploads',
    ),
  EXECUTION_PROVIDERS: z
    .string()
    .default('cpu')
    .describe(
      'onnxruntime providers in order of preference: `cpu`, `cuda`, `tensorrt` (falls back to CPU only when `cpu` is listed)',
    ),
  GPU_DEVICE_ID: z.coerce.number().int().min(0).default(0).describe('GPU of this worker process'),
  SIMULATED_GPU_MS_PER_FRAME: z.coerce
    .number()
    .min(0)
    .default(0)
    .describe(
      'benchmarks only: above 0, workers run no model and hold each frame this many ms on a simulated GPU (a timer, no CPU); frames are NOT restored. `0`: real models',
    ),
  GPU_IDS: z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'GPU_IDS must list device numbers, e.g. 0,1,3')
    .optional()
    .meta({
      description:
        'one worker process per GPU listed, e.g. `0,1`, when `EXECUTION_PROVIDERS` names cuda or tensorrt; unset: `CUDA_VISIBLE_DEVICES`, else all of `nvidia-smi -L`',
      docDefault: 'all GPUs',
    }),
  CUDA_VISIBLE_DEVICES: z
    .string()
    .optional()
    .describe(
      'read, not set: CUDA numbers the GPUs listed here from 0, and so do `GPU_IDS` and `GPU_DEVICE_ID`',
    ),
  WORKER_PROCESSES: positiveInt
    .default(1)
    .describe('worker processes the launcher starts when the workers run on CPU'),
  WORKER_HEARTBEAT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe(
      'a worker writes its heartbeat this often; it leaves `GET /v1/workers` after 3 missed ones',
    ),
  METRICS_ENABLED: bool
    .default(true)
    .describe(
      'serve `GET /metrics` on the API port, without auth: keep it off the public side of your load balancer',
    ),
  WEB_UI_ENABLED: bool
    .default(true)
    .describe(
      'serve the dashboard at `/ui` on the API port (public static files; every data call needs an API key)',
    ),
  MODELS_DIR: z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((dir) => dir.trim())
        .filter(Boolean),
    )
    .describe(
      'folders (comma-separated) whose `.onnx` files are registered as models from their own metadata, e.g. `../shared/models`; a folder that is not there stops start-up (exit 78). Under `npm start` the folders `npm run models -- add` registered are added',
    ),
  MODELS_MANIFEST: z
    .string()
    .optional()
    .describe(
      'JSON model manifest: `{ "models": [{ id, kind, scale, file \\| url, sha256, licence, … }] }`',
    ),
  DEFAULT_SR_MODEL: idList.meta({
    description:
      "registered super-resolution model ids (comma-separated, at most one per scale) that jobs naming no `upscale.model` get at that scale; overrides the manifest's `default: true`. An id that is not registered, or not an SR model, stops the API and planner at start-up; see [Default models](design.md#default-models)",
    docDefault: 'manifest default, else built-in',
  }),
  DEFAULT_VFI_MODEL: idList.meta({
    description: 'registered interpolation model id that jobs naming no `interpolate.model` get',
    docDefault: 'manifest default, else `mci`',
  }),
  DEFAULT_DENOISE_MODEL: z.string().optional().meta({
    description:
      'registered 1x restoration model id that jobs asking for `restore.denoise` without a model get (e.g. `ffdnet_color` from `../shared/restore-models`); without one, ffmpeg nlmeans denoises',
    docDefault: 'manifest default, else nlmeans',
  }),
  DEFAULT_DEBLOCK_MODEL: z.string().optional().meta({
    description:
      'registered 1x restoration model id that jobs asking for `restore.deblock` without a model get (e.g. `dncnn3_luma_rgbwrap`); without one, ffmpeg spp deblocks',
    docDefault: 'manifest default, else spp',
  }),
  MODELS_CACHE_DIR: z.string().optional().meta({
    description: 'where `models pull` and workers keep downloaded models',
    docDefault: '`DATA_DIR/models`',
  }),
  TILE_SIZE: positiveInt.optional().meta({
    description: 'largest super-resolution tile side in input pixels',
    docDefault: 'from `INFERENCE_MEMORY_MB`',
  }),
  INFERENCE_MEMORY_MB: positiveInt
    .default(256)
    .describe(
      "memory one model run may use, in MiB; with the model's memory per pixel (manifest `bytesPerPixel`, default 1 KiB) it sets the tile size when `TILE_SIZE` is unset",
    ),
  INFERENCE_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1)
    .describe(
      "onnxruntime's CPU threads per model run (intra-op); `0`: its own default, one per physical core. One thread beat two on the 2-core test machine, where the decoder and the encoder share the cores (see docs/benchmarks.md); the threads never spin between runs",
    ),
  INFERENCE_QUEUE_DEPTH: positiveInt
    .default(4)
    .describe(
      'frames a chunk decodes ahead of the models and frames that may wait for the encoder behind them (decode, inference and encode overlap); `1`: lock step',
    ),
  FRAME_PIPES: z
    .enum(['auto', 'yuv', 'rgb'])
    .default('auto')
    .describe(
      "raw frames between ffmpeg and the models: `yuv` (the output's planar YUV, converted to and from RGB in onnxruntime, inside the model's own session for frames that run whole; half the bytes, no swscale RGB conversion), `rgb` (rgb24/rgb48le, converted by swscale in ffmpeg), `auto`: `yuv` when `EXECUTION_PROVIDERS` starts with `cuda` or `tensorrt`; on cpu, `yuv` for a chunk whose every model frame runs fused (whole frames, no cubic Resize), else `rgb` (swscale beats the separate conversion sessions of tiled frames on a CPU)",
    ),
  PLANNER_CONCURRENCY: positiveInt.default(4).describe('plans at once (per planner process)'),
  STITCHER_CONCURRENCY: positiveInt.default(1).describe('stitches at once (per stitcher process)'),
  OUTPUT_UPLOAD_PART_MB: z.coerce
    .number()
    .int()
    .min(5)
    .max(5120)
    .default(64)
    .describe(
      "MiB per part of the stitcher's resumable multipart upload of the output (S3 takes 5 to 5120); larger where the output would need more than 10,000 parts, so outputs up to S3's 5 TiB fit. Four parts are in memory at once per stitch",
    ),
  CHUNK_FRAMES: positiveInt
    .default(240)
    .describe('source frames per chunk when a job does not say'),
  MAX_CHUNKS: positiveInt
    .default(500)
    .describe('chunks per job at most; chunks grow to respect it'),
  CHUNK_ATTEMPTS: positiveInt.default(3).describe('attempts per chunk before the job fails'),
  UPLOAD_MAX_BYTES: positiveInt
    .default(10 * 1024 ** 3)
    .describe('largest file `POST /v1/uploads` accepts (10 GiB)'),
  INPUT_MAX_BYTES: positiveInt
    .default(10 * 1024 ** 3)
    .describe(
      'largest input the planner accepts (`s3://` object or `http(s)` file), in bytes, 10 GiB (`INPUT_TOO_LARGE`)',
    ),
  INPUT_MAX_DURATION_S: positiveInt
    .default(4 * 3600)
    .describe('longest input in seconds, 4 h (`INPUT_TOO_LONG`)'),
  INPUT_MAX_PIXELS: positiveInt
    .default(7680 * 4320)
    .describe(
      'most pixels of an input frame, 7680×4320, refused before any decode (`INPUT_RESOLUTION_TOO_HIGH`)',
    ),
  OUTPUT_MAX_PIXELS: positiveInt
    .default(7680 * 4320)
    .describe('most pixels of an output frame after upscaling, 7680×4320 (`OUTPUT_TOO_LARGE`)'),
  OUTPUT_MAX_FPS: positiveInt
    .default(240)
    .describe(
      'highest output rate, whether asked as `interpolate.fps` or as a factor of the source rate (`OUTPUT_FPS_OUT_OF_RANGE`)',
    ),
  QUOTE_PROBE_TIMEOUT_MS: positiveInt
    .default(10_000)
    .describe(
      '`POST /v1/quotes` probes its input with ffprobe (an `s3://` object in the API on a presigned URL; an `http(s)` URL in the planner, through the SSRF guard); ffprobe is killed after this long and the quote answers `504 QUOTE_PROBE_TIMEOUT`. For an `http(s)` input the API waits this long plus 5 s for the planner to answer, then answers `504 QUOTE_TIMEOUT`',
    ),
  OUTPUT_URL_TTL_SECONDS: positiveInt.default(3600).describe('lifetime of presigned output URLs'),
  WEBHOOK_CONCURRENCY: positiveInt
    .default(16)
    .describe('webhook deliveries at once (per webhook process)'),
  WEBHOOK_TIMEOUT_MS: positiveInt
    .default(10_000)
    .describe('time one webhook delivery attempt may take before it counts as failed'),
  WEBHOOK_ATTEMPTS: positiveInt
    .default(12)
    .describe(
      'attempts per webhook event; with the base delay doubling each time, 12 attempts span about 6 h',
    ),
  WEBHOOK_RETRY_BASE_MS: positiveInt
    .default(10_000)
    .describe('delay before the first webhook retry; doubles with every attempt'),
  WEBHOOK_PROGRESS_INTERVAL_MS: positiveInt
    .default(5_000)
    .describe('at most one `job.progress` webhook per job in this interval'),
  TMP_DIR: z.string().default(tmpdir()).meta({
    description:
      'scratch space for segments being encoded or stitched; each worker, stitcher and planner uses its own subfolder, and removes those of dead processes at start',
    docDefault: 'OS temp dir',
  }),
  JOB_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60_000)
    .describe(
      "lock on a chunk or stitch job, renewed every half of it while the job runs; a killed process's job goes back to the queue at most this (+ `STALLED_CHECK_MS`) later",
    ),
  STALLED_CHECK_MS: z.coerce
    .number()
    .int()
    .min(500)
    .default(30_000)
    .describe('how often workers and stitchers look for jobs whose process died (lock expired)'),
  MAX_STALLED_COUNT: positiveInt
    .default(3)
    .describe('times a job may lose its process (crash, kill) and be retried before it fails'),
  WORKER_SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30_000)
    .describe(
      "on SIGTERM, time a worker's or stitcher's running jobs may take to finish; then ffmpeg is stopped and the job handed back to the queue (no attempt spent)",
    ),
  STUCK_JOB_GRACE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(120_000)
    .describe(
      "a job that has not moved for this long and has no live queue job nor outbox entry left (its process died before it could record an end) is failed with `WORK_LOST` or its step's failure code",
    ),
  JOB_RETENTION_HOURS: positiveInt
    .default(168)
    .describe('finished jobs (record, chunk counts, webhook log) expire this long after they end'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('`fatal` … `trace`, `silent`'),
});

export type Config = Omit<z.infer<typeof envSchema>, 'DATA_DIR' | 'MODELS_CACHE_DIR'> & {
  DATA_DIR: string;
  MODELS_CACHE_DIR: string;
};

/** Thrown when the environment does not parse; the message lists every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; call at process start and pass the result down. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  checkCluster(parsed.data);
  checkModelPaths(parsed.data);
  const dataDir = resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    MODELS_CACHE_DIR: resolve(parsed.data.MODELS_CACHE_DIR ?? join(dataDir, 'models')),
  };
}

/**
 * On a cluster every key must hash to one slot (BullMQ's scripts and Remaster's own
 * transactions touch several keys): the first non-empty `{…}` of QUEUE_PREFIX.
 */
function checkCluster(env: {
  REDIS_CLUSTER: boolean;
  REDIS_URL?: string;
  QUEUE_PREFIX: string;
}): void {
  if (!env.REDIS_CLUSTER) return;
  const problems: string[] = [];
  if (!env.REDIS_URL)
    problems.push('  REDIS_URL: REDIS_CLUSTER=true needs the seed nodes, e.g. redis://node-a:6379');
  if (!/\{[^}]+\}/.test(env.QUEUE_PREFIX))
    problems.push(
      `  QUEUE_PREFIX: REDIS_CLUSTER=true needs a hash tag in braces, e.g. {remaster}; got "${env.QUEUE_PREFIX}"`,
    );
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
}

/**
 * MODELS_DIR folders and the MODELS_MANIFEST file must be there when a process starts:
 * a missing one is a typo or a path relative to another folder, never something a
 * restart fixes. Paths are relative to the process's working directory (`npm start`:
 * the repository root).
 */
function checkModelPaths(env: { MODELS_DIR: readonly string[]; MODELS_MANIFEST?: string }): void {
  const problems: string[] = [];
  for (const dir of env.MODELS_DIR) {
    const found = pathKind(dir);
    if (found !== 'directory')
      problems.push(
        `  MODELS_DIR: "${dir}" (${resolve(dir)}) ${found === 'missing' ? 'does not exist' : 'is a file, not a folder'}; ` +
          'name folders of .onnx files, comma-separated, relative to where you start Remaster, or leave MODELS_DIR unset ' +
          '(`npm run models` lists, pulls and registers models)',
      );
  }
  if (env.MODELS_MANIFEST !== undefined && pathKind(env.MODELS_MANIFEST) !== 'file')
    problems.push(
      `  MODELS_MANIFEST: "${env.MODELS_MANIFEST}" (${resolve(env.MODELS_MANIFEST)}) is not a file; ` +
        'name a JSON model manifest (docs/design.md, "Models"), or leave MODELS_MANIFEST unset',
    );
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
}

/** What is at `path`: nothing, a file or a folder. */
export function pathKind(path: string): 'missing' | 'file' | 'directory' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/** `REDIS_URL` is optional for the launcher but required by every role. */
export function requireRedisUrl(config: Config): string {
  if (!config.REDIS_URL)
    throw new ConfigError(
      'REDIS_URL is not set: point it at your Redis, e.g. redis://127.0.0.1:6379',
    );
  return config.REDIS_URL;
}
