import type { RedisClient } from './redis-connection.js';
import { jobKeys, tenantJobsKey } from './job-keys.js';
import type {
  ChunkProgress,
  ChunkReport,
  JobError,
  JobRecord,
  OutputSummary,
  PlanSummary,
  SourceSummary,
} from './job-record.js';
import type { JobRequest } from './job-request.js';
import type { JobStatus } from './job-status.js';
import { isTerminal } from './job-status.js';
import type { WebhookEvents } from './webhook-events.js';

const LIST_PAGE = 100;

/** Expiry of a chunk-progress hash when no retention is configured. */
const ORPHAN_PROGRESS_TTL_SECONDS = 7 * 24 * 3600;

export interface ListJobsQuery {
  readonly tenant: string;
  readonly status?: JobStatus;
  readonly limit: number;
  /** The id after which to continue (newest first). */
  readonly cursor?: string;
}

/**
 * Job records in Redis, read: one hash per job, one sorted set of ids per tenant; and the
 * chunks' progress and results, written by workers. Status changes are the Lifecycle's.
 */
export class JobStore {
  private readonly events?: Pick<WebhookEvents, 'progress'>;
  private readonly retentionSeconds?: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    options: {
      /** Told about progress, to send `job.progress` webhooks. */
      readonly events?: Pick<WebhookEvents, 'progress'>;
      /** How long a finished job's record is kept; unset: for ever. */
      readonly retentionSeconds?: number;
    } = {},
  ) {
    this.events = options.events;
    this.retentionSeconds = options.retentionSeconds;
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const [[, fields], [, done], [, rendering], [, reports]] = (await this.redis
      .multi()
      .hgetall(this.jobKey(id))
      .hgetall(this.chunksKey(id))
      .hgetall(this.chunkProgressKey(id))
      .hgetall(this.chunkReportsKey(id))
      .exec()) as [
      [null, Record<string, string>],
      [null, FrameCounts],
      [null, FrameCounts],
      [null, Record<string, string>],
    ];
    if (!fields.status) return undefined;
    return { ...toRecord(id, fields, done, rendering), chunkReports: chunkReports(reports) };
  }

  /** The job when it belongs to the tenant; another tenant's job is indistinguishable from a missing one. */
  async getForTenant(id: string, tenant: string): Promise<JobRecord | undefined> {
    const record = await this.get(id);
    return record?.tenant === tenant ? record : undefined;
  }

  async list(query: ListJobsQuery): Promise<{ items: JobRecord[]; nextCursor?: string }> {
    const items: JobRecord[] = [];
    let after = query.cursor;
    for (;;) {
      const ids = await this.redis.zrange(
        this.tenantKey(query.tenant),
        after ? `(${after}` : '+',
        '-',
        'BYLEX',
        'REV',
        'LIMIT',
        0,
        LIST_PAGE,
      );
      for (const id of ids) {
        const record = await this.get(id);
        if (record && (!query.status || record.status === query.status)) items.push(record);
        if (items.length === query.limit) return { items, nextCursor: id };
      }
      if (ids.length < LIST_PAGE) return { items };
      after = ids[ids.length - 1];
    }
  }

  /** Frames written so far by a chunk still rendering (progress only; not a result). */
  async recordChunkProgress(id: string, chunkIndex: number, frames: number): Promise<void> {
    // The expiry is renewed by every write, and set to the retention when the job ends;
    // it only matters for a write that lands after the end.
    await this.redis
      .multi()
      .hset(this.chunkProgressKey(id), String(chunkIndex), String(frames))
      .expire(this.chunkProgressKey(id), this.retentionSeconds ?? ORPHAN_PROGRESS_TTL_SECONDS)
      .exec();
    await this.emitProgress(id);
  }

  /**
   * Idempotent: a chunk rendered twice (a retry after a crash) counts once, and its
   * report (frames copied and interpolated, models and providers) replaces the earlier one.
   */
  async recordChunkDone(
    id: string,
    chunkIndex: number,
    frames: number,
    report?: Omit<ChunkReport, 'index'>,
  ): Promise<void> {
    const multi = this.redis
      .multi()
      .hset(this.chunksKey(id), String(chunkIndex), String(frames))
      .hdel(this.chunkProgressKey(id), String(chunkIndex));
    if (report)
      multi
        .hset(this.chunkReportsKey(id), String(chunkIndex), JSON.stringify(report))
        .expire(this.chunkReportsKey(id), this.retentionSeconds ?? ORPHAN_PROGRESS_TTL_SECONDS);
    await multi.exec();
    await this.emitProgress(id);
  }

  /** True while the job can still make progress (not completed, failed or canceled). */
  async isActive(id: string): Promise<boolean> {
    const status = (await this.redis.hget(this.jobKey(id), 'status')) as JobStatus | null;
    return status !== null && !isTerminal(status);
  }

  private jobKey(id: string): string {
    return jobKeys(this.prefix, id).job;
  }

  /** A `job.progress` webhook, when the job wants one: only its tenant and request are read. */
  private async emitProgress(id: string): Promise<void> {
    if (!this.events) return;
    const [tenant, request] = await this.redis.hmget(this.jobKey(id), 'tenant', 'request');
    if (!tenant || !request) return;
    await this.events.progress({ id, tenant, request: JSON.parse(request) as JobRequest });
  }

  private chunkProgressKey(id: string): string {
    return jobKeys(this.prefix, id).chunkProgress;
  }

  private chunkReportsKey(id: string): string {
    return jobKeys(this.prefix, id).chunkReports;
  }

  private chunksKey(id: string): string {
    return jobKeys(this.prefix, id).chunks;
  }

  private tenantKey(tenant: string): string {
    return tenantJobsKey(this.prefix, tenant);
  }
}

type FrameCounts = Record<string, string>;

function toRecord(
  id: string,
  fields: Record<string, string>,
  done: FrameCounts,
  rendering: FrameCounts,
): JobRecord {
  const json = <T>(name: string): T | undefined =>
    fields[name] ? (JSON.parse(fields[name]) as T) : undefined;
  const chunks = chunkProgress(done, rendering);
  return {
    id,
    tenant: fields.tenant ?? '',
    status: fields.status as JobStatus,
    createdAt: fields.createdAt ?? '',
    updatedAt: fields.updatedAt ?? '',
    planningAt: fields.planningAt,
    startedAt: fields.startedAt,
    stitchingAt: fields.stitchingAt,
    endedAt: fields.endedAt,
    request: json<JobRequest>('request')!,
    source: json<SourceSummary>('source'),
    plan: json<PlanSummary>('plan'),
    output: json<OutputSummary>('output'),
    error: json<JobError>('error'),
    progress: {
      chunksDone: Object.keys(done).length,
      framesDone: chunks.reduce((sum, chunk) => sum + chunk.framesDone, 0),
      chunks,
    },
  };
}

function chunkReports(reports: Record<string, string>): ChunkReport[] | undefined {
  const entries = Object.entries(reports);
  if (entries.length === 0) return undefined;
  return entries
    .map(([index, json]) => ({
      ...(JSON.parse(json) as Omit<ChunkReport, 'index'>),
      index: Number(index),
    }))
    .sort((a, b) => a.index - b.index);
}

/** Done chunks, then rendering ones that are not also done (a late progress write), by index. */
function chunkProgress(done: FrameCounts, rendering: FrameCounts): ChunkProgress[] {
  const chunks: ChunkProgress[] = Object.entries(done).map(([index, frames]) => ({
    index: Number(index),
    state: 'done',
    framesDone: Number(frames),
  }));
  for (const [index, frames] of Object.entries(rendering)) {
    if (!(index in done))
      chunks.push({ index: Number(index), state: 'rendering', framesDone: Number(frames) });
  }
  return chunks.sort((a, b) => a.index - b.index);
}
