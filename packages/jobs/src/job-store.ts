import type { RedisClient } from './redis-connection.js';
import { newJobId } from './job-id.js';
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
import { isTerminal, luaStatusRanks } from './job-status.js';
import { MetricsStore } from './metrics-store.js';
import type { OutboxEntry } from './outbox.js';
import { OUTBOX_LEASE_MS, outboxKey, outboxMember } from './outbox.js';
import type { WebhookEvent, WebhookEvents } from './webhook-events.js';

const RANKS = luaStatusRanks();

/**
 * Moves a job (KEYS[1]) forward: never out of a terminal status, never back to an
 * earlier one (a late progress update cannot undo "failed"). ARGV[1] is the status;
 * ARGV[2], when not empty, an outbox member written with it (into KEYS[2], due at
 * ARGV[3]); the ARGV pairs after that are set with the status.
 */
const TRANSITION = `
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return -1 end
local rank = ${RANKS.table}
if rank[current] == ${RANKS.terminal} or rank[ARGV[1]] < rank[current] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], unpack(ARGV, 4))
if ARGV[2] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2]) end
return 1
`;

const LIST_PAGE = 100;

/**
 * Drops from a tenant's index the ids older than ARGV[1] (an id prefix) whose record
 * has expired; at most ARGV[3] of the oldest are looked at per call, so the cost is bounded.
 */
const TRIM_INDEX = `
local ids = redis.call('ZRANGE', KEYS[1], '-', '(' .. ARGV[1], 'BYLEX', 'LIMIT', 0, tonumber(ARGV[3]))
local removed = 0
for _, id in ipairs(ids) do
  if redis.call('EXISTS', ARGV[2] .. id) == 0 then
    redis.call('ZREM', KEYS[1], id)
    removed = removed + 1
  end
end
return removed
`;
const TRIM_BATCH = 100;
/** Expiry of a chunk-progress hash when no retention is configured. */
const ORPHAN_PROGRESS_TTL_SECONDS = 7 * 24 * 3600;

export interface ListJobsQuery {
  readonly tenant: string;
  readonly status?: JobStatus;
  readonly limit: number;
  /** The id after which to continue (newest first). */
  readonly cursor?: string;
}

/** Job records in Redis: one hash per job, one sorted set of ids per tenant. */
export class JobStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly clock: () => Date = () => new Date(),
    /** Told about terminal transitions and progress, e.g. to send webhooks. */
    private readonly events?: Pick<WebhookEvents, 'emit' | 'terminalPayload' | 'enqueue'>,
    /** How long a finished job's record is kept; unset: for ever. */
    private readonly retentionSeconds?: number,
  ) {}

  /**
   * Records a new queued job, and in the same transaction its plan entry in the outbox:
   * the caller enqueues the plan and then {@link settle}s the entry; if it dies or the
   * enqueue fails, an outbox relay enqueues it. `id` is given when an idempotency key
   * reserved it first.
   */
  async create(
    tenant: string,
    request: JobRequest,
    id: string = newJobId(this.clock().getTime()),
  ): Promise<JobRecord> {
    const now = this.clock();
    const at = now.toISOString();
    await this.redis
      .multi()
      .hset(this.jobKey(id), {
        tenant,
        status: 'queued',
        createdAt: at,
        updatedAt: at,
        request: JSON.stringify(request),
      })
      .zadd(this.tenantKey(tenant), 0, id)
      .zadd(
        outboxKey(this.prefix),
        now.getTime() + OUTBOX_LEASE_MS,
        outboxMember({ kind: 'plan', jobId: id }),
      )
      .exec();
    await this.trimIndex(tenant);
    return {
      id,
      tenant,
      status: 'queued',
      createdAt: at,
      updatedAt: at,
      request,
      progress: { chunksDone: 0, framesDone: 0, chunks: [] },
    };
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

  /** Returns false when the job is already terminal or further along. */
  async transition(
    id: string,
    status: JobStatus,
    fields: Record<string, string> = {},
  ): Promise<boolean> {
    const webhook = isTerminal(status) ? await this.terminalWebhook(id, status) : undefined;
    const moved = await this.move({ id, status, fields, entry: webhook });
    if (moved && isTerminal(status)) {
      await this.observeEnd(id, status);
      if (webhook) await this.enqueueWebhook(webhook);
    }
    return moved;
  }

  /** The status change and, when given, its outbox entry, in one script run. */
  private async move(change: {
    id: string;
    status: JobStatus;
    fields: Record<string, string>;
    entry: OutboxEntry | undefined;
  }): Promise<boolean> {
    const { id, status, fields, entry } = change;
    const now = this.clock();
    const at = now.toISOString();
    const args = Object.entries({ ...fields, ...phaseStart(status, at), updatedAt: at }).flat();
    const result = (await this.redis.eval(
      TRANSITION,
      2,
      this.jobKey(id),
      outboxKey(this.prefix),
      status,
      entry ? outboxMember(entry) : '',
      now.getTime() + OUTBOX_LEASE_MS,
      ...args,
    )) as number;
    return result === 1;
  }

  /** Removes an outbox entry once its enqueue is done. */
  async settle(entry: OutboxEntry): Promise<void> {
    await this.redis.zrem(outboxKey(this.prefix), outboxMember(entry));
  }

  /** The outbox entry of a terminal event, when the job's webhook wants it (the request never changes). */
  private async terminalWebhook(id: string, status: JobStatus): Promise<WebhookEntry | undefined> {
    if (!this.events) return undefined;
    const [tenant, request] = await this.redis.hmget(this.jobKey(id), 'tenant', 'request');
    if (!tenant || !request) return undefined;
    const event = `job.${status}` as Exclude<WebhookEvent, 'job.progress'>;
    const payload = this.events.terminalPayload(
      { id, tenant, request: JSON.parse(request) as JobRequest },
      event,
    );
    return payload && { kind: 'webhook' as const, payload };
  }

  /**
   * The webhook's enqueue after its terminal status is recorded. A failure leaves the
   * entry in the outbox, where a relay re-drives it: the transition itself has happened.
   */
  private async enqueueWebhook(entry: WebhookEntry): Promise<void> {
    try {
      await this.events?.enqueue(entry.payload);
      await this.settle(entry);
    } catch {
      // the outbox relay delivers it after OUTBOX_LEASE_MS
    }
  }

  /** Submit-to-end latency for /metrics; advisory, so a failed write is ignored. */
  private async observeEnd(id: string, status: JobStatus): Promise<void> {
    try {
      const createdAt = await this.redis.hget(this.jobKey(id), 'createdAt');
      if (!createdAt) return;
      const seconds = (this.clock().getTime() - Date.parse(createdAt)) / 1000;
      await new MetricsStore(this.redis, this.prefix).observeJobEnd(status, Math.max(0, seconds));
    } catch {
      // metrics never fail a transition
    }
  }

  /**
   * The plan, and the job's one move to `processing`: the planner calls it before it
   * enqueues the render flow, so no chunk runs while the job still says `planning`, and
   * chunks never write the status themselves. `render`, the flow's payloads, goes into the
   * outbox in the same write: a planner that dies before its enqueue (whose retry finds
   * the job past `planning` and skips it) leaves the flow to a relay, not a stuck job.
   * The caller enqueues it and then {@link settle}s the entry.
   */
  async recordPlan(
    id: string,
    source: SourceSummary,
    plan: PlanSummary,
    render?: RenderEntry,
  ): Promise<boolean> {
    const fields = {
      source: JSON.stringify(source),
      plan: JSON.stringify(plan),
      startedAt: this.clock().toISOString(),
    };
    return this.move({ id, status: 'processing', fields, entry: render });
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
    await this.emit(id, 'job.progress');
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
    await this.emit(id, 'job.progress');
  }

  async complete(id: string, output: OutputSummary): Promise<boolean> {
    return this.end(id, 'completed', { output: JSON.stringify(output) });
  }

  async fail(id: string, error: JobError): Promise<boolean> {
    return this.end(id, 'failed', { error: JSON.stringify(error) });
  }

  /** Cancels a job that has not ended; false when it already completed, failed or was canceled. */
  async cancel(id: string): Promise<boolean> {
    return this.end(id, 'canceled');
  }

  /** A terminal transition; the record and its chunk counts then expire after the retention. */
  private async end(
    id: string,
    status: 'completed' | 'failed' | 'canceled',
    fields?: Record<string, string>,
  ): Promise<boolean> {
    const ended = await this.transition(id, status, fields);
    if (ended && this.retentionSeconds !== undefined) {
      await this.redis
        .multi()
        .expire(this.jobKey(id), this.retentionSeconds)
        .expire(this.chunksKey(id), this.retentionSeconds)
        .expire(this.chunkProgressKey(id), this.retentionSeconds)
        .expire(this.chunkReportsKey(id), this.retentionSeconds)
        .exec();
    }
    return ended;
  }

  /** Removes expired jobs from the tenant's index, oldest first (ids sort by creation time). */
  private async trimIndex(tenant: string): Promise<void> {
    if (this.retentionSeconds === undefined) return;
    // Only ids created before the retention can belong to expired records.
    const before = newJobId(this.clock().getTime() - this.retentionSeconds * 1000).slice(0, 14);
    await this.redis.eval(
      TRIM_INDEX,
      1,
      this.tenantKey(tenant),
      before,
      this.jobKey(''),
      TRIM_BATCH,
    );
  }

  /** True while the job can still make progress (not completed, failed or canceled). */
  async isActive(id: string): Promise<boolean> {
    const status = (await this.redis.hget(this.jobKey(id), 'status')) as JobStatus | null;
    return status !== null && !isTerminal(status);
  }

  private jobKey(id: string): string {
    return `${this.prefix}:job:${id}`;
  }

  private async emit(id: string, event: WebhookEvent): Promise<void> {
    if (!this.events) return;
    const record = await this.get(id);
    if (record) await this.events.emit(record, event);
  }

  private chunkProgressKey(id: string): string {
    return `${this.prefix}:job:${id}:chunk-progress`;
  }

  private chunkReportsKey(id: string): string {
    return `${this.prefix}:job:${id}:chunk-reports`;
  }

  private chunksKey(id: string): string {
    return `${this.prefix}:job:${id}:chunks`;
  }

  private tenantKey(tenant: string): string {
    return `${this.prefix}:tenant:${tenant}:jobs`;
  }
}

type FrameCounts = Record<string, string>;
type WebhookEntry = Extract<OutboxEntry, { kind: 'webhook' }>;
/** The render flow of a planned job, as the outbox keeps it. */
export type RenderEntry = Extract<OutboxEntry, { kind: 'render' }>;

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

/** The time a phase starts, kept beside the status: planning, stitching and the end. */
function phaseStart(status: JobStatus, at: string): Record<string, string> {
  if (status === 'planning') return { planningAt: at };
  if (status === 'stitching') return { stitchingAt: at };
  return isTerminal(status) ? { endedAt: at } : {};
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
