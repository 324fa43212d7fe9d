// What the fleet has measured, kept in Redis so that it survives restarts: each worker
// seat's per-pipeline throughput (the heartbeat's figures, which die with the process),
// and the planning and stitching times of recent jobs. Quotes and ETAs read them.
import type { RedisClient } from './redis-connection.js';
import type { PipelineThroughput } from './throughput.js';

/** One finished job's planning and stitching, as the stitcher saw it. */
export interface JobPhaseSample {
  readonly sourceFrames: number;
  readonly outputFrames: number;
  /** Submit to the first chunk queued: the queues, the probe, the frame index, the plan. */
  readonly planSeconds: number;
  /** Stitching began to completed: download, concatenation, audio, stills, upload. */
  readonly stitchSeconds: number;
}

/** seconds = base + perFrame × frames. */
export interface LinearCost {
  readonly baseSeconds: number;
  readonly secondsPerFrame: number;
}

/** How long planning and stitching take, by the frames they handle. */
export interface PhaseCosts {
  /** By source frames. */
  readonly plan: LinearCost;
  /** By output frames. */
  readonly stitch: LinearCost;
  /** `measured`: fitted to recent jobs; `estimate`: the defaults, before any job ended. */
  readonly basis: 'measured' | 'estimate';
}

/**
 * Before any job has ended: the bases as measured on a 2-core CPU machine on the e2e quote
 * jobs (40 and 100 source frames: planning 0.5–0.65 s, stitching 1.3–1.7 s; docs/api.md,
 * "Quotes"); the per-frame parts are rough (planning decodes every source frame once,
 * about 2 ms a frame at 360p; stitching copies streams). Recent jobs replace them.
 */
export const DEFAULT_PHASE_COSTS: PhaseCosts = {
  plan: { baseSeconds: 0.4, secondsPerFrame: 0.002 },
  stitch: { baseSeconds: 1.3, secondsPerFrame: 0.0005 },
  basis: 'estimate',
};

/** Jobs the phase costs are fitted to. */
const PHASE_SAMPLES = 20;

/** Least squares over the samples; a single size (or one sample) scales the default's slope. */
export function fitLinearCost(
  points: ReadonlyArray<{ frames: number; seconds: number }>,
  fallback: LinearCost,
): LinearCost {
  if (points.length === 0) return fallback;
  const n = points.length;
  const meanFrames = points.reduce((sum, p) => sum + p.frames, 0) / n;
  const meanSeconds = points.reduce((sum, p) => sum + p.seconds, 0) / n;
  const spread = points.reduce((sum, p) => sum + (p.frames - meanFrames) ** 2, 0);
  const slope =
    spread > 0
      ? points.reduce((sum, p) => sum + (p.frames - meanFrames) * (p.seconds - meanSeconds), 0) /
        spread
      : NaN;
  // Too few sizes to see a slope (or a negative one from noise): keep the default's slope
  // and fit the base to what was seen.
  const secondsPerFrame = Number.isFinite(slope) && slope >= 0 ? slope : fallback.secondsPerFrame;
  const baseSeconds = Math.max(0, meanSeconds - secondsPerFrame * meanFrames);
  return { baseSeconds, secondsPerFrame };
}

/** The phase costs fitted to recent jobs, newest first. */
export function phaseCostsOf(samples: readonly JobPhaseSample[]): PhaseCosts {
  if (samples.length === 0) return DEFAULT_PHASE_COSTS;
  return {
    plan: fitLinearCost(
      samples.map((s) => ({ frames: s.sourceFrames, seconds: s.planSeconds })),
      DEFAULT_PHASE_COSTS.plan,
    ),
    stitch: fitLinearCost(
      samples.map((s) => ({ frames: s.outputFrames, seconds: s.stitchSeconds })),
      DEFAULT_PHASE_COSTS.stitch,
    ),
    basis: 'measured',
  };
}

/** The cost of `frames` frames. */
export function costOf(cost: LinearCost, frames: number): number {
  return cost.baseSeconds + cost.secondsPerFrame * frames;
}

/** The fleet's measured speeds in Redis (see the file comment). */
export class SpeedStats {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Keeps a finished job's phases; only the newest {@link PHASE_SAMPLES} are kept. */
  async recordJob(sample: JobPhaseSample): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.jobsKey(), JSON.stringify(sample))
      .ltrim(this.jobsKey(), 0, PHASE_SAMPLES - 1)
      .exec();
  }

  /** Planning and stitching costs fitted to the recent jobs (the defaults before any). */
  async phaseCosts(): Promise<PhaseCosts> {
    const values = await this.redis.lrange(this.jobsKey(), 0, PHASE_SAMPLES - 1);
    return phaseCostsOf(values.map((value) => JSON.parse(value) as JobPhaseSample));
  }

  /** Keeps a seat's measured throughput of one pipeline (a seat: host and GPU, or host:cpu). */
  async recordThroughput(seat: string, throughput: PipelineThroughput): Promise<void> {
    await this.redis.hset(this.seatKey(seat), throughput.pipeline, JSON.stringify(throughput));
  }

  /** What a seat measured before, by pipeline: a restarted worker starts from it. */
  async throughputOf(seat: string): Promise<PipelineThroughput[]> {
    const values = Object.values(await this.redis.hgetall(this.seatKey(seat)));
    return values.map((value) => JSON.parse(value) as PipelineThroughput);
  }

  private jobsKey(): string {
    return `${this.prefix}:stats:jobs`;
  }

  private seatKey(seat: string): string {
    return `${this.prefix}:stats:throughput:${seat}`;
  }
}
