import type { RedisClient } from '@remaster/jobs';

/** One delivery attempt as `GET /v1/jobs/:id/webhooks` lists it. */
export interface WebhookAttempt {
  readonly id: string;
  readonly event: string;
  readonly attempt: number;
  readonly at: string;
  readonly url: string;
  readonly statusCode?: number;
  readonly durationMs: number;
  readonly error?: string;
  /** Whether another attempt will follow this failed one. */
  readonly willRetry?: boolean;
}

/** Most attempts kept per job (the oldest are dropped first). */
const MAX_ATTEMPTS_KEPT = 500;

/** Every webhook delivery attempt of a job, oldest first. */
export class WebhookLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** The log expires this long after its last attempt, like the job record; unset: never. */
    private readonly retentionSeconds?: number,
  ) {}

  async record(jobId: string, attempt: WebhookAttempt): Promise<void> {
    const key = this.key(jobId);
    const write = this.redis
      .multi()
      .rpush(key, JSON.stringify(attempt))
      .ltrim(key, -MAX_ATTEMPTS_KEPT, -1);
    if (this.retentionSeconds !== undefined) write.expire(key, this.retentionSeconds);
    await write.exec();
  }

  async list(jobId: string): Promise<WebhookAttempt[]> {
    const items = await this.redis.lrange(this.key(jobId), 0, -1);
    return items.map((item) => JSON.parse(item) as WebhookAttempt);
  }

  private key(jobId: string): string {
    return `${this.prefix}:job:${jobId}:webhooks`;
  }
}
