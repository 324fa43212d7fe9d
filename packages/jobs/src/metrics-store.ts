import type { RedisClient } from './redis-connection.js';

/** Upper bounds (seconds) of the chunk-duration histogram buckets. */
export const CHUNK_SECONDS_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800] as const;
/** Upper bounds (seconds) of the job-latency histogram buckets (submit → end). */
export const JOB_SECONDS_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600] as const;

/** How a webhook attempt ended: a 2xx, a failure that will be retried, or the last failure. */
export type WebhookResult = 'delivered' | 'retrying' | 'failed';

/** A histogram as Prometheus reads it: cumulative counts per upper bound, plus sum and count. */
export interface HistogramSnapshot {
  readonly labels: Readonly<Record<string, string>>;
  /** `[upperBound, cumulative count]`, the last bound is `+Inf`. */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
  readonly sum: number;
  readonly count: number;
}

export interface CounterSnapshot {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Every fleet-wide series the store holds, read at scrape time. */
export interface MetricsSnapshot {
  readonly chunkSeconds: HistogramSnapshot;
  readonly chunkFrames: number;
  readonly jobSeconds: readonly HistogramSnapshot[];
  readonly webhooks: readonly CounterSnapshot[];
}

/**
 * Counters and histograms of events that happen in any process (a worker renders a
 * chunk, the stitcher completes a job, the API delivers a webhook), kept in Redis
 * hashes so the API can expose them for the whole fleet from one /metrics. Values only
 * grow, as Prometheus counters should; a write that fails is the caller's to ignore.
 */
export class MetricsStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** One rendered chunk: its wall time and the output frames it wrote. */
  async observeChunk(seconds: number, frames: number): Promise<void> {
    const key = this.key('chunk-seconds');
    await this.redis
      .multi()
      .hincrby(key, bucketField(seconds, CHUNK_SECONDS_BUCKETS), 1)
      .hincrbyfloat(key, 'sum', seconds)
      .hincrby(key, 'count', 1)
      .hincrby(this.key('chunk-frames'), 'total', frames)
      .exec();
  }

  /** A job reached a terminal status `seconds` after it was submitted. */
  async observeJobEnd(status: string, seconds: number): Promise<void> {
    const key = this.key(`job-seconds:${status}`);
    await this.redis
      .multi()
      .hincrby(key, bucketField(seconds, JOB_SECONDS_BUCKETS), 1)
      .hincrbyfloat(key, 'sum', seconds)
      .hincrby(key, 'count', 1)
      .sadd(this.key('job-statuses'), status)
      .exec();
  }

  /** One webhook delivery attempt and how it ended. */
  async countWebhook(event: string, result: WebhookResult): Promise<void> {
    await this.redis.hincrby(this.key('webhooks'), `${event}|${result}`, 1);
  }

  async read(): Promise<MetricsSnapshot> {
    const statuses = (await this.redis.smembers(this.key('job-statuses'))).sort();
    const pipeline = this.redis
      .multi()
      .hgetall(this.key('chunk-seconds'))
      .hget(this.key('chunk-frames'), 'total')
      .hgetall(this.key('webhooks'));
    for (const status of statuses) pipeline.hgetall(this.key(`job-seconds:${status}`));
    const results = ((await pipeline.exec()) ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const [chunk, frames, webhooks, ...jobs] = results as [
      Record<string, string>,
      string | null,
      Record<string, string>,
      ...Array<Record<string, string>>,
    ];
    return {
      chunkSeconds: histogram(chunk, CHUNK_SECONDS_BUCKETS, {}),
      chunkFrames: Number(frames ?? 0),
      jobSeconds: statuses.map((status, i) =>
        histogram(jobs[i] ?? {}, JOB_SECONDS_BUCKETS, { status }),
      ),
      webhooks: Object.entries(webhooks)
        .map(([field, value]) => {
          const [event = '', result = ''] = field.split('|');
          return { labels: { event, result }, value: Number(value) };
        })
        .sort((a, b) =>
          (a.labels.event + a.labels.result).localeCompare(b.labels.event + b.labels.result),
        ),
    };
  }

  private key(name: string): string {
    return `${this.prefix}:metrics:${name}`;
  }
}

/** The hash field of the smallest bucket that holds `value` (counts are stored per bucket, not cumulated). */
export function bucketField(value: number, bounds: readonly number[]): string {
  const bound = bounds.find((b) => value <= b);
  return bound === undefined ? 'le:+Inf' : `le:${bound}`;
}

/** Cumulates per-bucket counts read from a hash into a Prometheus histogram. */
export function histogram(
  fields: Readonly<Record<string, string>>,
  bounds: readonly number[],
  labels: Readonly<Record<string, string>>,
): HistogramSnapshot {
  let running = 0;
  const buckets = [...bounds, Number.POSITIVE_INFINITY].map((bound) => {
    running += Number(fields[`le:${bound === Number.POSITIVE_INFINITY ? '+Inf' : bound}`] ?? 0);
    return [bound, running] as const;
  });
  return { labels, buckets, sum: Number(fields.sum ?? 0), count: Number(fields.count ?? 0) };
}
