import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ROLE_NAMES = ['api', 'planner', 'worker', 'stitcher'] as const;
export type Role = (typeof ROLE_NAMES)[number];

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
  const unknown = names.filter((n) => !(ROLE_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `ROLES must list some of ${ROLE_NAMES.join(', ')}; unknown: ${unknown.join(', ') || '(empty)'}`,
    });
    return z.NEVER;
  }
  return [...new Set(names)] as Role[];
});

/** Every environment variable Remaster reads, with its default. The README table mirrors this. */
const envSchema = z.object({
  /** HTTP port of the API. */
  PORT: port.default(8080),
  /** Interface the API listens on; 0.0.0.0 in containers. */
  HOST: z.string().default('127.0.0.1'),
  /** Redis for BullMQ and job records. Unset under `npm start`: a local redis-server is used or started. */
  REDIS_URL: z.string().optional(),
  /**
   * Connect to a Redis Cluster: REDIS_URL then lists seed nodes, comma-separated
   * (`redis://node-a:6379,redis://node-b:6379`; user, password and `rediss://` TLS from the
   * first apply to all), and the client finds the rest. QUEUE_PREFIX must hold a hash tag.
   */
  REDIS_CLUSTER: bool.default(false),
  /** Prefix of every Redis key; the braces are a hash tag so BullMQ works on Redis Cluster. */
  QUEUE_PREFIX: z.string().min(1).default('{remaster}'),
  /** S3-compatible endpoint. Unset under `npm start`: an embedded S3 server is started. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Endpoint used in presigned URLs handed to clients, when they reach S3 by another address. */
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().min(3).default('remaster'),
  S3_ACCESS_KEY_ID: z.string().default('S3RVER'),
  S3_SECRET_ACCESS_KEY: z.string().default('S3RVER'),
  /** Port of the embedded S3 server started when S3_ENDPOINT is unset. */
  EMBEDDED_S3_PORT: port.default(4568),
  /** Port of the redis-server `npm start` launches when no Redis is reachable. */
  EMBEDDED_REDIS_PORT: port.default(6380),
  /** `tenant:key,tenant:key`. Under `npm start` a key is generated into DATA_DIR when unset. */
  API_KEYS: z.string().optional(),
  /** Comma-separated keys for admin operations (GET /v1/workers, the queue dashboard). Unset: no admin. */
  ADMIN_API_KEYS: z.string().optional(),
  /** Requests per minute one API key's tenant may make to /v1 (all calls together); 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Of those, POST /v1/jobs and POST /v1/uploads per minute per tenant; 0 turns this limit off. */
  RATE_LIMIT_SUBMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /**
   * Jobs one tenant may have planning, processing or stitching at once; its further jobs
   * stay queued until one ends, so one tenant cannot starve the others. 0: no cap.
   */
  TENANT_MAX_ACTIVE_JOBS: z.coerce.number().int().min(0).default(4),
  /** Where the embedded servers keep their data. */
  DATA_DIR: z.string().default('.data'),
  /** Roles this process (or `npm start`) runs. */
  ROLES: roles.default(['api', 'planner', 'worker', 'stitcher']),
  /** Let http(s) inputs and webhooks reach loopback, private and metadata addresses (local use): turns the SSRF guard off. */
  ALLOW_PRIVATE_URLS: bool.default(false),
  /** Chunks one worker process renders at once (one per GPU is the norm). */
  WORKER_CONCURRENCY: positiveInt.default(1),
  /** onnxruntime execution providers in order of preference: cpu, cuda, tensorrt. */
  EXECUTION_PROVIDERS: z.string().default('cpu'),
  /** GPU used by this worker process. */
  GPU_DEVICE_ID: z.coerce.number().int().min(0).default(0),
  /**
   * Benchmarks only: when above 0, workers run no model but hold each frame this many ms
   * on a simulated GPU (a timer, no CPU) and output unrestored frames. 0: real models.
   */
  SIMULATED_GPU_MS_PER_FRAME: z.coerce.number().min(0).default(0),
  /**
   * GPUs the launcher starts one worker process each for (comma-separated device ids), when
   * EXECUTION_PROVIDERS names cuda or tensorrt. Unset: CUDA_VISIBLE_DEVICES, else every GPU `nvidia-smi -L` lists.
   */
  GPU_IDS: z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'GPU_IDS must list device numbers, e.g. 0,1,3')
    .optional(),
  /** Read, not set, by Remaster: CUDA numbers the GPUs listed here from 0 (see GPU_IDS). */
  CUDA_VISIBLE_DEVICES: z.string().optional(),
  /** Worker processes the launcher starts when the workers run on CPU. */
  WORKER_PROCESSES: positiveInt.default(1),
  /** Every this often a worker writes its heartbeat; it disappears from the fleet after 3 missed ones. */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Serve Prometheus metrics at GET /metrics on the API port (no auth: keep it off the public side). */
  METRICS_ENABLED: bool.default(true),
  /** Serve the browser dashboard at /ui on the API port (static files; its data calls need a key). */
  WEB_UI_ENABLED: bool.default(true),
  /** Folders (comma-separated) whose .onnx files are registered as models from their own metadata. */
  MODELS_DIR: z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((dir) => dir.trim())
        .filter(Boolean),
    ),
  /** A JSON model manifest (id, kind, scale, file or url, sha256, licence…); see the README. */
  MODELS_MANIFEST: z.string().optional(),
  /**
   * Super-resolution models (registered ids, comma-separated, at most one per scale) that jobs
   * naming no `upscale.model` get at that scale; overrides the manifest's `default: true`.
   * Unset: the manifest's default, else the built-in bicubic-x2 / bicubic-x4. An id that is not
   * registered, or not an SR model, stops the API and planner at start-up.
   */
  DEFAULT_SR_MODEL: idList,
  /** The interpolation model (a registered id) jobs naming no `interpolate.model` get; unset: the manifest's default, else blend. */
  DEFAULT_VFI_MODEL: idList,
  /** Where downloaded models are cached; default DATA_DIR/models. */
  MODELS_CACHE_DIR: z.string().optional(),
  /** Largest super-resolution tile side in input pixels; unset: derived from INFERENCE_MEMORY_MB. */
  TILE_SIZE: positiveInt.optional(),
  /** Memory one model run may use, in MiB; sets the tile size when TILE_SIZE is unset. */
  INFERENCE_MEMORY_MB: positiveInt.default(256),
  /**
   * Frames a chunk decodes ahead of the models, and frames that may wait for the encoder
   * behind them, so decode, inference and encode overlap; 1 runs them in lock step.
   */
  INFERENCE_QUEUE_DEPTH: positiveInt.default(4),
  /**
   * Raw frames between ffmpeg and the models: `yuv` (the output's planar YUV, converted in
   * onnxruntime; half the bytes, no swscale RGB conversion), `rgb` (rgb24/rgb48le, swscale
   * converts; faster on a CPU-only worker), `auto`: yuv when EXECUTION_PROVIDERS starts
   * with a GPU provider, else rgb.
   */
  FRAME_PIPES: z.enum(['auto', 'yuv', 'rgb']).default('auto'),
  PLANNER_CONCURRENCY: positiveInt.default(4),
  STITCHER_CONCURRENCY: positiveInt.default(1),
  /** Source frames per chunk when a job does not say. */
  CHUNK_FRAMES: positiveInt.default(240),
  /** Upper bound on chunks per job; chunks grow to respect it. */
  MAX_CHUNKS: positiveInt.default(500),
  /** Attempts per chunk before the job fails. */
  CHUNK_ATTEMPTS: positiveInt.default(3),
  /** Largest file POST /v1/uploads accepts (10 GiB). */
  UPLOAD_MAX_BYTES: positiveInt.default(10 * 1024 ** 3),
  /** Largest input the planner accepts (s3:// object or http(s) file), in bytes (10 GiB). */
  INPUT_MAX_BYTES: positiveInt.default(10 * 1024 ** 3),
  /** Longest input video the planner accepts, in seconds (4 h). */
  INPUT_MAX_DURATION_S: positiveInt.default(4 * 3600),
  /** Most pixels (width × height) of an input frame; refused before any decode (8K UHD). */
  INPUT_MAX_PIXELS: positiveInt.default(7680 * 4320),
  /** Most pixels (width × height) of an output frame, after upscaling (8K UHD). */
  OUTPUT_MAX_PIXELS: positiveInt.default(7680 * 4320),
  /** Highest output frame rate, whether asked as interpolate.fps or as a factor of the source rate. */
  OUTPUT_MAX_FPS: positiveInt.default(240),
  /**
   * POST /v1/quotes probes its s3:// input with ffprobe (on a presigned URL) inside the request;
   * ffprobe is killed after this long and the quote answers 504 QUOTE_PROBE_TIMEOUT.
   */
  QUOTE_PROBE_TIMEOUT_MS: positiveInt.default(10_000),
  /** Lifetime of presigned output URLs. */
  OUTPUT_URL_TTL_SECONDS: positiveInt.default(3600),
  /** Time one webhook delivery attempt may take before it counts as failed. */
  WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000),
  /** Webhook attempts per event; with the base delay doubling each time, 12 attempts span about 6 h. */
  WEBHOOK_ATTEMPTS: positiveInt.default(12),
  /** Delay before the first webhook retry; it doubles with every further attempt. */
  WEBHOOK_RETRY_BASE_MS: positiveInt.default(10_000),
  /** At most one job.progress webhook per job in this interval. */
  WEBHOOK_PROGRESS_INTERVAL_MS: positiveInt.default(5_000),
  /** Scratch space for segments being encoded or stitched. */
  TMP_DIR: z.string().default(tmpdir()),
  /**
   * Lock on a chunk or stitch job, renewed every half of it while the job runs. When its
   * process dies, the job goes back to the queue at most this long (plus STALLED_CHECK_MS) later.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How often workers and stitchers look for jobs whose process died (lock expired). */
  STALLED_CHECK_MS: z.coerce.number().int().min(500).default(30_000),
  /** Times a job may lose its process (a crash, a kill) and be retried before it fails. */
  MAX_STALLED_COUNT: positiveInt.default(3),
  /**
   * On SIGTERM a worker or stitcher finishes its running jobs for up to this long, then
   * stops their ffmpeg processes and hands the jobs back to the queue (no attempt spent).
   */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Finished jobs (records, chunk counts, webhook log) are kept this long after they end. */
  JOB_RETENTION_HOURS: positiveInt.default(168),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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

/** `REDIS_URL` is optional for the launcher but required by every role. */
export function requireRedisUrl(config: Config): string {
  if (!config.REDIS_URL)
    throw new ConfigError(
      'REDIS_URL is not set: point it at your Redis, e.g. redis://127.0.0.1:6379',
    );
  return config.REDIS_URL;
}
