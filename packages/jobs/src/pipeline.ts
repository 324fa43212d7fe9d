import { FlowProducer, Queue } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import type { QueueName } from './catalog.js';
import { catalog } from './catalog.js';
import type { PayloadOf } from './define-queue.js';
import type { ChunkPayload, StitchPayload, WebhookPayload } from './payloads.js';
import { chunkPriorities, virtualTime } from './chunk-priority.js';

export interface PipelineOptions {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly chunkAttempts: number;
  /** Webhook deliveries: attempts per event and the first retry delay (doubling after). */
  readonly webhookAttempts?: number;
  readonly webhookRetryBaseMs?: number;
}

const PENDING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'paused']);

/** Chunks a cancel looks up at once: one batch of round trips in flight on the connection. */
const DROP_BATCH = 100;

/**
 * The whole pipeline in one place: plan → (chunks → stitch as one flow). The stitch
 * job is the flow's parent, so it runs only once every chunk has succeeded; a chunk
 * that exhausts its attempts fails the parent instead of leaving it waiting.
 */
export class Pipeline {
  readonly planQueue: Queue;
  readonly chunkQueue: Queue;
  readonly stitchQueue: Queue;
  readonly webhookQueue: Queue;
  readonly quoteQueue: Queue;
  private readonly flows: FlowProducer;

  constructor(private readonly options: PipelineOptions) {
    const base = { connection: options.connection, prefix: options.prefix };
    this.planQueue = new Queue(catalog.plan.name, base);
    this.chunkQueue = new Queue(catalog.chunk.name, base);
    this.stitchQueue = new Queue(catalog.stitch.name, base);
    this.webhookQueue = new Queue(catalog.webhook.name, base);
    this.quoteQueue = new Queue(catalog.quote.name, base);
    this.flows = new FlowProducer(base);
  }

  async enqueuePlan(jobId: string): Promise<void> {
    const { plan } = catalog;
    await this.planQueue.add(
      plan.name,
      { jobId },
      { ...plan.jobOptions, jobId: plan.dedupeId({ jobId }) },
    );
  }

  /** Chunk priorities interleave jobs round-robin, longest chunk first (see chunkPriorities). */
  async enqueueRender(stitch: StitchPayload, chunks: readonly ChunkPayload[]): Promise<void> {
    const [lowest] = await this.chunkQueue.getPrioritized(0, 0);
    const priorities = chunkPriorities({
      frames: chunks.map((chunk) => chunk.outputEnd - chunk.outputStart),
      base: virtualTime(lowest?.priority),
    });
    await this.flows.add({
      name: catalog.stitch.name,
      queueName: catalog.stitch.name,
      data: stitch,
      opts: { ...catalog.stitch.jobOptions, jobId: catalog.stitch.dedupeId(stitch) },
      children: chunks.map((chunk, position) => ({
        name: catalog.chunk.name,
        queueName: catalog.chunk.name,
        data: chunk,
        opts: {
          ...catalog.chunk.jobOptions,
          attempts: this.options.chunkAttempts,
          jobId: catalog.chunk.dedupeId(chunk),
          priority: priorities[position],
        },
      })),
    });
  }

  /** Whether the job's render flow exists: it is added in one write, so its stitch job says. */
  async hasRender(jobId: string): Promise<boolean> {
    return (await this.stitchQueue.getJob(catalog.stitch.dedupeId({ jobId }))) !== undefined;
  }

  /**
   * The BullMQ state of the job that carries a Remaster job's plan or stitch step
   * (`missing` when there is none), and why it failed when it did.
   */
  async workState(
    queue: 'plan' | 'stitch',
    jobId: string,
  ): Promise<{ state: string; failedReason?: string }> {
    const job = await (queue === 'plan' ? this.planQueue : this.stitchQueue).getJob(
      catalog[queue].dedupeId({ jobId }),
    );
    if (!job) return { state: 'missing' };
    return { state: await job.getState(), failedReason: job.failedReason || undefined };
  }

  /** One delivery per message id: enqueueing the same event again adds nothing. */
  async enqueueWebhook(payload: WebhookPayload): Promise<void> {
    await this.webhookQueue.add(payload.event, payload, {
      ...catalog.webhook.jobOptions,
      jobId: catalog.webhook.dedupeId(payload),
      attempts: this.options.webhookAttempts ?? 12,
      backoff: { type: 'exponential', delay: this.options.webhookRetryBaseMs ?? 10_000 },
    });
  }

  /** A quote for the planner role; the caller waits for its reply (`job.waitUntilFinished`). */
  async enqueueQuote(payload: PayloadOf<typeof catalog.quote>): Promise<Job> {
    const { quote } = catalog;
    return this.quoteQueue.add(quote.name, payload, {
      ...quote.jobOptions,
      jobId: quote.dedupeId(payload),
    });
  }

  /**
   * Removes a canceled job's chunks that no worker has taken yet. Removing a child
   * resolves it for its parent, so the stitch job still runs once and cleans up.
   * Active chunks cannot be removed: their workers notice the cancel themselves.
   * Chunks are looked up `DROP_BATCH` at a time (a film's 720 one by one took 2,000
   * round trips in a row before the cancel answered).
   */
  async dropPendingChunks(jobId: string, chunkCount: number): Promise<number> {
    let dropped = 0;
    for (let first = 0; first < chunkCount; first += DROP_BATCH) {
      const indices = Array.from(
        { length: Math.min(DROP_BATCH, chunkCount - first) },
        (_, k) => first + k,
      );
      const removed = await Promise.all(indices.map((index) => this.dropIfPending(jobId, index)));
      dropped += removed.filter(Boolean).length;
    }
    return dropped;
  }

  private async dropIfPending(jobId: string, index: number): Promise<boolean> {
    const job = await this.chunkQueue.getJob(catalog.chunk.dedupeId({ jobId, index }));
    if (!job || !PENDING_STATES.has(await job.getState())) return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false; // a worker took it in between; it stops on its own
    }
  }

  /** Jobs of a queue that wait for a consumer: waiting, and prioritized (chunks are). */
  async waiting(queue: QueueName): Promise<number> {
    const queues = {
      plan: this.planQueue,
      chunk: this.chunkQueue,
      stitch: this.stitchQueue,
      webhook: this.webhookQueue,
      quote: this.quoteQueue,
    } satisfies Record<QueueName, Queue>;
    return queues[queue].getJobCountByTypes('waiting', 'prioritized');
  }

  async close(): Promise<void> {
    await Promise.all([
      this.planQueue.close(),
      this.chunkQueue.close(),
      this.stitchQueue.close(),
      this.webhookQueue.close(),
      this.quoteQueue.close(),
      this.flows.close(),
    ]);
  }
}
