import type { RedisClient } from './redis-connection.js';
import type { PipelineThroughput, WorkerCalibration } from './throughput.js';

/** A chunk a worker is rendering now. */
export interface CurrentChunk {
  readonly jobId: string;
  readonly index: number;
  /** Output frames written so far. */
  readonly framesDone: number;
  readonly framesTotal: number;
  readonly startedAt: string;
}

/** The GPU of a worker process, as nvidia-smi names it. */
export interface WorkerGpu {
  /** The device id onnxruntime uses (GPU_DEVICE_ID). */
  readonly id: number;
  readonly name: string;
  readonly memoryMb: number;
}

/** What one worker process announces about itself on every heartbeat. */
export interface WorkerInfo {
  /** Unique per process: `host:gpuN:pid` or `host:cpu:pid`. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Version of the worker package. */
  readonly version: string;
  readonly startedAt: string;
  /** `null` for a worker without a GPU (or without nvidia-smi). */
  readonly gpu: WorkerGpu | null;
  readonly executionProviders: {
    /** EXECUTION_PROVIDERS, in order. */
    readonly requested: readonly string[];
    /** Providers that ran a loaded model (empty before the first model loads). */
    readonly active: readonly string[];
  };
  /** Chunks it renders at once (WORKER_CONCURRENCY). */
  readonly concurrency: number;
  /** Ids of the models it has loaded. */
  readonly models: readonly string[];
  /** Output frames per second: an average over its recent chunks, `null` before the first. */
  readonly fps: number | null;
  /** Measured speed per pipeline (models run); absent in heartbeats of older workers. */
  readonly throughput?: readonly PipelineThroughput[];
  /** Its default models and ffmpeg measured at start-up; absent in older workers' heartbeats. */
  readonly calibration?: WorkerCalibration;
  readonly chunksDone: number;
  readonly chunks: readonly CurrentChunk[];
}

/** A live worker as the registry lists it. */
export interface WorkerHeartbeat extends WorkerInfo {
  /** When the last heartbeat was written. */
  readonly seenAt: string;
  /** When it disappears unless another heartbeat comes. */
  readonly expiresAt: string;
}

/**
 * The worker fleet in Redis: every worker process writes its {@link WorkerInfo} under
 * its own key with a TTL on each heartbeat; a worker that stops beating disappears
 * when the TTL runs out. A set of ids lets `list` find them without SCAN (which sees
 * one node only on Redis Cluster); ids whose key expired are pruned as they are met.
 */
export class WorkerRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Writes one heartbeat: the worker is listed for `ttlMs` from now. */
  async beat(info: WorkerInfo, ttlMs: number): Promise<void> {
    const now = this.clock();
    const heartbeat: WorkerHeartbeat = {
      ...info,
      seenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    };
    await this.redis
      .multi()
      .set(this.workerKey(info.id), JSON.stringify(heartbeat), 'PX', ttlMs)
      .sadd(this.indexKey(), info.id)
      .exec();
  }

  /** Removes a worker at once (clean shutdown). */
  async remove(id: string): Promise<void> {
    await this.redis.multi().del(this.workerKey(id)).srem(this.indexKey(), id).exec();
  }

  /** Every worker whose last heartbeat has not expired, by id. */
  async list(): Promise<WorkerHeartbeat[]> {
    const ids = (await this.redis.smembers(this.indexKey())).sort();
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.workerKey(id)));
    const gone = ids.filter((_, i) => values[i] === null);
    // A worker that beats again after this is added back by its next heartbeat.
    if (gone.length > 0) await this.redis.srem(this.indexKey(), ...gone);
    return values.flatMap((value) => (value ? [JSON.parse(value) as WorkerHeartbeat] : []));
  }

  private workerKey(id: string): string {
    return `${this.prefix}:fleet:worker:${id}`;
  }

  private indexKey(): string {
    return `${this.prefix}:fleet:workers`;
  }
}
