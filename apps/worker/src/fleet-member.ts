import type {
  CurrentChunk,
  MetricsStore,
  PipelineThroughput,
  SpeedStats,
  WorkerCalibration,
  WorkerInfo,
  WorkerRegistry,
} from '@remaster/jobs';

/** A heartbeat lives this many intervals: a worker disappears after missing three in a row. */
const HEARTBEAT_TTL_INTERVALS = 3;
/** Weight of the newest chunk in the fps average. */
const FPS_WEIGHT = 0.3;

/** What does not change while the process runs. */
export type WorkerIdentity = Pick<
  WorkerInfo,
  'id' | 'host' | 'pid' | 'version' | 'startedAt' | 'gpu' | 'concurrency'
> & { readonly requestedProviders: readonly string[] };

export interface FleetMemberOptions {
  readonly registry: Pick<WorkerRegistry, 'beat' | 'remove'>;
  readonly metrics: Pick<MetricsStore, 'observeChunk'>;
  /**
   * Where measured throughput outlives the process: a worker on the same `seat` starts
   * from what the last one measured. Without it, figures die with the process.
   */
  readonly speeds?: Pick<SpeedStats, 'recordThroughput' | 'throughputOf'>;
  /** The host and device, e.g. `host:gpu0` or `host:cpu`: what a restart keeps. */
  readonly seat?: string;
  /** What the worker measured at start-up, announced from the first heartbeat on. */
  readonly calibration?: WorkerCalibration;
  readonly identity: WorkerIdentity;
  /** The models loaded so far and the provider each runs on. */
  readonly loadedModels: () => ReadonlyArray<{ readonly id: string; readonly provider: string }>;
  readonly intervalMs: number;
  readonly logger: { warn(obj: object, msg: string): void };
  readonly clock?: () => Date;
}

/** One chunk as the fleet member follows it. */
export interface ChunkTracker {
  /** Output frames written so far (cheap: kept in memory until the next heartbeat). */
  progress(framesDone: number): void;
  /** Awaits the chunk; a rendered one counts toward fps and /metrics. The chunk is forgotten either way. */
  run<T extends { frames: number } | undefined>(work: Promise<T>): Promise<T>;
}

/** Average of per-chunk output fps, weighting the newest chunk by FPS_WEIGHT. */
export function nextFps(previous: number | null, sample: number): number {
  const fps = previous === null ? sample : previous + FPS_WEIGHT * (sample - previous);
  return Math.round(fps * 100) / 100;
}

/**
 * This worker process as a member of the fleet: writes its heartbeat (identity, loaded
 * models, measured fps, the chunks it renders now) every `intervalMs` with a TTL of three
 * intervals, and records each rendered chunk in the fleet metrics.
 */
export class FleetMember {
  private fps: number | null = null;
  private chunksDone = 0;
  private readonly throughput = new Map<string, PipelineThroughput>();
  private readonly current = new Map<symbol, CurrentChunk>();
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: () => Date;

  constructor(private readonly options: FleetMemberOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Takes up what this seat measured before, writes the first heartbeat, then one every interval. */
  async start(): Promise<void> {
    const { speeds, seat } = this.options;
    if (speeds && seat) {
      const before = await speeds.throughputOf(seat).catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'measured throughput not read; starting afresh');
        return [];
      });
      for (const throughput of before) this.throughput.set(throughput.pipeline, throughput);
    }
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops beating and leaves the fleet at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.options.registry.remove(this.options.identity.id).catch(() => undefined);
  }

  /**
   * Follows one chunk. With `pipeline` (its `pipelineKey`) and `pixelsPerFrame` (output
   * width × height), a rendered chunk also updates that pipeline's measured throughput.
   */
  track(chunk: {
    jobId: string;
    index: number;
    framesTotal: number;
    pipeline?: string;
    pixelsPerFrame?: number;
  }): ChunkTracker {
    const key = Symbol(chunk.index);
    const started = this.clock();
    const { pipeline, pixelsPerFrame, ...current } = chunk;
    this.current.set(key, { ...current, framesDone: 0, startedAt: started.toISOString() });
    return {
      progress: (framesDone) => {
        const entry = this.current.get(key);
        if (entry) this.current.set(key, { ...entry, framesDone });
      },
      run: async (work) => {
        try {
          const result = await work;
          if (result) {
            if (pipeline && pixelsPerFrame)
              this.measured(
                pipeline,
                (result.frames * pixelsPerFrame) / this.secondsSince(started),
              );
            await this.rendered(result.frames, started);
          }
          return result;
        } finally {
          this.current.delete(key);
        }
      },
    };
  }

  /** What the next heartbeat will announce. */
  info(): WorkerInfo {
    const { requestedProviders, ...identity } = this.options.identity;
    const loaded = this.options.loadedModels();
    return {
      ...identity,
      executionProviders: {
        requested: requestedProviders,
        active: [...new Set(loaded.map((model) => model.provider))],
      },
      models: loaded.map((model) => model.id),
      fps: this.fps,
      throughput: [...this.throughput.values()],
      ...(this.options.calibration ? { calibration: this.options.calibration } : {}),
      chunksDone: this.chunksDone,
      chunks: [...this.current.values()],
    };
  }

  private secondsSince(started: Date): number {
    return Math.max(0.001, (this.clock().getTime() - started.getTime()) / 1000);
  }

  /** The pipeline's average output pixels per second, newest chunk weighted like fps. */
  private measured(pipeline: string, pixelsPerSecond: number): void {
    const previous = this.throughput.get(pipeline);
    const average = previous
      ? previous.outputPixelsPerSecond +
        FPS_WEIGHT * (pixelsPerSecond - previous.outputPixelsPerSecond)
      : pixelsPerSecond;
    const throughput = {
      pipeline,
      outputPixelsPerSecond: Math.round(average),
      chunks: (previous?.chunks ?? 0) + 1,
    };
    this.throughput.set(pipeline, throughput);
    const { speeds, seat } = this.options;
    // Advisory like the metrics: a lost write costs the next restart one figure.
    if (speeds && seat)
      void speeds
        .recordThroughput(seat, throughput)
        .catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'measured throughput not kept'),
        );
  }

  private async rendered(frames: number, started: Date): Promise<void> {
    const seconds = this.secondsSince(started);
    this.fps = nextFps(this.fps, frames / seconds);
    this.chunksDone += 1;
    // Metrics are advisory: a lost observation must not fail a rendered chunk.
    await this.options.metrics
      .observeChunk(seconds, frames)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'chunk metrics lost'));
  }

  private async beat(): Promise<void> {
    try {
      await this.options.registry.beat(
        this.info(),
        this.options.intervalMs * HEARTBEAT_TTL_INTERVALS,
      );
    } catch (error) {
      this.options.logger.warn({ err: error }, 'heartbeat not written; trying again next interval');
    }
  }
}
