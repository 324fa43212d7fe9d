// Every benchmark's settings in one zod schema: each setting comes from a command-line
// flag or, where a bench has always read one, an environment variable (the flag wins),
// and has a default. Parsed once, here; a bad or unknown flag stops the run with a
// message naming the flag, what it expects and the flags the bench knows.
import { parseArgs } from 'node:util';
import { z } from 'zod';

const whole = (min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min));
const wholeList = z
  .string()
  .trim()
  .regex(/^\d+(,\d+)*$/, 'expected whole numbers separated by commas, e.g. 1,2,4')
  .transform((list) => list.split(',').map(Number))
  .pipe(z.array(z.number().int().min(1)));
const frameSize = z
  .string()
  .trim()
  .regex(/^\d+x\d+$/, 'expected WIDTHxHEIGHT, e.g. 64x36')
  .transform((size) => size.split('x').map(Number) as [number, number]);
const onOff = z
  .enum(['1', '0', 'true', 'false'], 'expected 1, 0, true or false')
  .transform((value) => value === '1' || value === 'true');

/** The settings of every benchmark, one object per bench. */
export const benchSettingsSchema = z.object({
  /** orchestration-overhead.ts: a job through the real processes vs one process. */
  overhead: z.object({
    rounds: whole(1).default(3).describe('timed rounds after the warm-up'),
    chunk: whole(1).default(25).describe('frames per chunk of the job'),
    frames: whole(2).default(100).describe('frames of the clip (320x240 at 25 fps)'),
  }),
  /** scale.ts: one long job on 1…32 simulated-GPU workers, then submissions. */
  scale: z.object({
    workers: wholeList.default([1, 2, 4, 8, 16, 32]).describe('worker counts to run'),
    frames: whole(1).default(1536).describe('frames of the job'),
    chunk: whole(1).default(24).describe('frames per chunk'),
    ms: whole(0).default(100).describe('simulated GPU milliseconds per frame'),
    size: frameSize.default([64, 36]).describe('source frame size'),
    noSubmissions: onOff.default(false).describe('skip the submission benchmark'),
    seconds: whole(1).default(15).describe('length of the submission benchmark'),
    concurrency: whole(1).default(64).describe('submissions in flight'),
  }),
  /** film.ts: a two-hour film (720 chunks) on simulated-GPU workers, against a 10-chunk job. */
  film: z.object({
    frames: whole(240).default(172_800).describe('frames of the film, 24 fps (a multiple of 240)'),
    chunk: whole(1).default(240).describe('frames per chunk'),
    workers: wholeList.default([4, 16]).describe('worker counts to run the film on'),
    ms: whole(1).default(1).describe('simulated GPU milliseconds per frame'),
    size: frameSize.default([160, 90]).describe('source frame size'),
    baselineChunks: whole(1).default(10).describe('chunks of the baseline job'),
    cancel: onOff.default(true).describe('also cancel a film job mid-run'),
    pollMs: whole(50).default(1000).describe('how often the bench polls GET /v1/jobs/:id'),
  }),
  /** submissions.ts run alone: submission throughput of the API. */
  submissions: z.object({
    seconds: whole(1).default(15).describe('length of the run'),
    concurrency: whole(1).default(64).describe('submissions in flight'),
  }),
  /** chaos.ts: jobs while workers, the stitcher and Redis are killed. */
  chaos: z.object({
    jobs: whole(1).default(8).describe('jobs submitted'),
    workers: whole(1).default(3).describe('worker processes'),
    seconds: whole(1).default(300).describe('time limit of the run'),
    killEveryMs: whole(1).default(8000).describe('mean pause between two kills'),
    appendfsync: z
      .enum(['always', 'everysec'], 'expected always or everysec')
      .default('always')
      .describe('Redis AOF fsync policy'),
    logLevel: z.string().default('fatal').describe('LOG_LEVEL of the role processes'),
    s3FaultPercent: whole(0)
      .pipe(z.number().max(100))
      .default(10)
      .describe('share of S3 requests, in percent, the fault proxy fails (500, 503, reset, stall)'),
    s3StallMs: whole(0)
      .default(3000)
      .describe('how long a stalled S3 request is held (well under the client 30 s idle timeout)'),
    seed: whole(0).default(1).describe('seed of the fault proxy choices'),
    stuckGraceMs: whole(1000)
      .default(20_000)
      .describe('STUCK_JOB_GRACE_MS of the roles: the sweeper fails jobs whose work vanished'),
  }),
  /** gpu-check.ts: the CUDA provider, the shared SR models and one job on an NVIDIA GPU. */
  gpuCheck: z.object({
    deviceId: whole(0).default(0).describe('the GPU (CUDA ordinal) to check'),
    frames: whole(1).default(8).describe('timed frames per model, path and size'),
    modelsDir: z.string().optional().describe('SR models to time (default ../shared/models)'),
  }),
  /** worker-memory.ts: peak RSS of one worker on a short and a long clip. */
  memory: z.object({
    shortSeconds: whole(1).default(10).describe('length of the short clip'),
    longSeconds: whole(1).default(120).describe('length of the long clip'),
    oneChunk: onOff.default(true).describe('also render each clip as one chunk'),
  }),
  /** chunk-pipeline.ts: the worker's chunk path vs ffmpeg alone. */
  chunkPipeline: z.object({
    rounds: whole(1).default(3).describe('timed rounds per case'),
    gpuMs: whole(1).default(20).describe('milliseconds a frame of the stand-in GPU model'),
  }),
  /** decode-integrity.ts: what the frame checksums cost at plan time, per chunk and per still. */
  decodeIntegrity: z.object({
    rounds: whole(1).default(5).describe('timed rounds per row'),
    frames: whole(48).default(720).describe('frames of the 1280x720 clip'),
    chunk: whole(1).default(48).describe('frames per decoded chunk'),
  }),
  /** inference-bench.ts: engine, graph conversion, pipeline, models, mci. */
  inference: z.object({
    mciOnly: onOff.default(false).describe('only the mci vs minterpolate rows'),
  }),
  /** quality-report.ts: PSNR tables on the shared data (no settings). */
  quality: z.object({}),
  /** restore.ts: the restoration stages on CPU (speed against a plain decode, and quality gains). */
  restore: z.object({
    frames: whole(8).default(48).describe('frames of the clip cut from --input'),
    modelFrames: whole(1).default(3).describe('frames each learned model runs on (about 1 s each)'),
    rounds: whole(1).default(3).describe('timed rounds per speed row'),
    start: whole(0).default(17).describe('second of --input the clip starts at'),
    size: frameSize.default([640, 360]).describe('size the clip is scaled to'),
    input: z.string().optional().describe('clip to cut from (default ../shared BBB 0–30 s)'),
    modelsDir: z.string().optional().describe('the 1x models (default ../shared/restore-models)'),
  }),
});

export type BenchSettings = z.output<typeof benchSettingsSchema>;
export type BenchName = keyof BenchSettings;

interface Source {
  /** Command-line flag, without the dashes. */
  readonly flag: string;
  /** Environment variable read when the flag is absent. */
  readonly env?: string;
  /** A flag that takes no value (`--no-submissions`). */
  readonly boolean?: boolean;
}

/** Where each setting is read from. */
const SOURCES: { [B in BenchName]: { [K in keyof BenchSettings[B]]-?: Source } } = {
  overhead: {
    rounds: { flag: 'rounds', env: 'BENCH_ROUNDS' },
    chunk: { flag: 'chunk', env: 'BENCH_CHUNK_FRAMES' },
    frames: { flag: 'frames', env: 'BENCH_FRAMES' },
  },
  scale: {
    workers: { flag: 'workers' },
    frames: { flag: 'frames' },
    chunk: { flag: 'chunk' },
    ms: { flag: 'ms' },
    size: { flag: 'size' },
    noSubmissions: { flag: 'no-submissions', boolean: true },
    seconds: { flag: 'seconds' },
    concurrency: { flag: 'concurrency' },
  },
  film: {
    frames: { flag: 'frames', env: 'BENCH_FRAMES' },
    chunk: { flag: 'chunk', env: 'BENCH_CHUNK_FRAMES' },
    workers: { flag: 'workers' },
    ms: { flag: 'ms' },
    size: { flag: 'size' },
    baselineChunks: { flag: 'baseline-chunks' },
    cancel: { flag: 'cancel' },
    pollMs: { flag: 'poll-ms' },
  },
  submissions: {
    seconds: { flag: 'seconds', env: 'BENCH_SECONDS' },
    concurrency: { flag: 'concurrency', env: 'BENCH_CONCURRENCY' },
  },
  chaos: {
    jobs: { flag: 'jobs', env: 'CHAOS_JOBS' },
    workers: { flag: 'workers', env: 'CHAOS_WORKERS' },
    seconds: { flag: 'seconds', env: 'CHAOS_SECONDS' },
    killEveryMs: { flag: 'kill-every-ms', env: 'CHAOS_KILL_EVERY_MS' },
    appendfsync: { flag: 'appendfsync', env: 'CHAOS_APPENDFSYNC' },
    logLevel: { flag: 'log-level', env: 'CHAOS_LOG_LEVEL' },
    s3FaultPercent: { flag: 's3-fault-percent', env: 'CHAOS_S3_FAULT_PERCENT' },
    s3StallMs: { flag: 's3-stall-ms', env: 'CHAOS_S3_STALL_MS' },
    seed: { flag: 'seed', env: 'CHAOS_SEED' },
    stuckGraceMs: { flag: 'stuck-grace-ms', env: 'CHAOS_STUCK_GRACE_MS' },
  },
  gpuCheck: {
    deviceId: { flag: 'device-id', env: 'GPU_DEVICE_ID' },
    frames: { flag: 'frames' },
    modelsDir: { flag: 'models-dir', env: 'GPU_CHECK_MODELS_DIR' },
  },
  memory: {
    shortSeconds: { flag: 'short-seconds', env: 'MEMORY_SHORT_SECONDS' },
    longSeconds: { flag: 'long-seconds', env: 'MEMORY_LONG_SECONDS' },
    oneChunk: { flag: 'one-chunk', env: 'MEMORY_ONE_CHUNK' },
  },
  chunkPipeline: {
    rounds: { flag: 'rounds', env: 'BENCH_ROUNDS' },
    gpuMs: { flag: 'gpu-ms' },
  },
  decodeIntegrity: {
    rounds: { flag: 'rounds', env: 'BENCH_ROUNDS' },
    frames: { flag: 'frames', env: 'BENCH_FRAMES' },
    chunk: { flag: 'chunk', env: 'BENCH_CHUNK_FRAMES' },
  },
  inference: {
    mciOnly: { flag: 'mci-only', boolean: true },
  },
  quality: {},
  restore: {
    frames: { flag: 'frames', env: 'BENCH_FRAMES' },
    modelFrames: { flag: 'model-frames' },
    rounds: { flag: 'rounds', env: 'BENCH_ROUNDS' },
    start: { flag: 'start' },
    size: { flag: 'size' },
    input: { flag: 'input' },
    modelsDir: { flag: 'models-dir' },
  },
};

/** A setting the bench cannot run with; the message names the flag and what it expects. */
export class BenchSettingsError extends Error {
  readonly code = 'BENCH_SETTINGS_INVALID';
  override readonly name = 'BenchSettingsError';
}

export interface LoadBenchSettingsOptions {
  /** The arguments after the script, default `process.argv.slice(2)`. */
  readonly argv?: readonly string[];
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads and checks the settings of `bench`; throws {@link BenchSettingsError}. */
export function loadBenchSettings<B extends BenchName>(
  bench: B,
  options: LoadBenchSettingsOptions = {},
): BenchSettings[B] {
  const sources: Record<string, Source> = SOURCES[bench];
  const flags = readFlags(bench, sources, options.argv ?? process.argv.slice(2));
  const env = options.env ?? process.env;
  const raw: Record<string, string | undefined> = {};
  for (const [key, source] of Object.entries(sources)) {
    const flag = flags[source.flag];
    raw[key] =
      typeof flag === 'boolean'
        ? String(flag)
        : (flag ?? (source.env ? env[source.env] : undefined));
  }
  const parsed = benchSettingsSchema.shape[bench].safeParse(raw);
  if (parsed.success) return parsed.data as BenchSettings[B];
  const problems = parsed.error.issues.map((issue) => {
    const source = sources[String(issue.path[0])];
    const where = source ? [`--${source.flag}`, source.env].filter(Boolean).join(' or ') : '?';
    return `${where}: ${issue.message}, got ${JSON.stringify(raw[String(issue.path[0])])}`;
  });
  throw new BenchSettingsError(`bad settings for the ${bench} bench: ${problems.join('; ')}`);
}

function readFlags(
  bench: BenchName,
  sources: Record<string, Source>,
  argv: readonly string[],
): Record<string, string | boolean | undefined> {
  const options = Object.fromEntries(
    Object.values(sources).map((source) => [
      source.flag,
      { type: source.boolean ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const known = Object.values(sources).map((source) => `--${source.flag}`);
    throw new BenchSettingsError(
      `${(error as Error).message}; the ${bench} bench takes ${known.length > 0 ? known.join(', ') : 'no flags'}`,
    );
  }
}

/** {@link loadBenchSettings} for a bench's entry point: a bad setting prints why and exits 2. */
export function benchSettingsOrExit<B extends BenchName>(bench: B): BenchSettings[B] {
  try {
    return loadBenchSettings(bench);
  } catch (error) {
    if (!(error instanceof BenchSettingsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
