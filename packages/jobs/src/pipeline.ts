import { FlowProducer, Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import type { ChunkPayload, StitchPayload, WebhookPayload } from './catalog.js';
import { JOB_OPTIONS, QUEUES, bullJobId } from './catalog.js';
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
  private readonly flows: FlowProducer;

  constructor(private readonly options: PipelineOptions) {
    const base = { connection: options.connection, prefix: options.prefix };
    this.planQueue = new Queue(QUEUES.plan, base);
    this.chunkQueue = new Queue(QUEUES.chunk, base);
    this.stitchQueue = new Queue(QUEUES.stitch, base);
    this.webhookQueue = new Queue(QUEUES.webhook, base);
    this.flows = new FlowProducer(base);
  }

  async enqueuePlan(jobId: string): Promise<void> {
    await this.planQueue.add(
      'plan',
      { jobId },
      {
        ...JOB_OPTIONS.plan,
        jobId: bullJobId.plan(jobId),
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
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
      name: 'stitch',
      queueName: QUEUES.stitch,
      data: stitch,
      opts: {
        ...JOB_OPTIONS.stitch,
        jobId: bullJobId.stitch(stitch.jobId),
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
      children: chunks.map((chunk, position) => ({
        name: 'chunk',
        queueName: QUEUES.chunk,
        data: chunk,
        opts: {
          ...JOB_OPTIONS.chunk,
          attempts: this.options.chunkAttempts,
          jobId: bullJobId.chunk(chunk.jobId, chunk.index),
          priority: priorities[position],
          failParentOnFailure: true,
          removeOnComplete: true,
          removeOnFail: 5000,
        },
      })),
    });
  }

  /** One delivery per message id: enqueueing the same event again adds nothing. */
  async enqueueWebhook(payload: WebhookPayload): Promise<void> {
    await this.webhookQueue.add(payload.event, payload, {
      ...JOB_OPTIONS.webhook,
      jobId: payload.messageId,
      attempts: this.options.webhookAttempts ?? 12,
      backoff: { type: 'exponential', delay: this.options.webhookRetryBaseMs ?? 10_000 },
    });
  }

  /**
   * Removes a canceled job's chunks that no worker has taken yet. Removing a child
   * resolves it for its parent, so the stitch job still runs once and cleans up.
   * Active chunks cannot be removed: their workers notice the cancel themselves.
   */
  async dropPendingChunks(jobId: string, chunkCount: number): Promise<number> {
    let dropped = 0;
    for (let index = 0; index < chunkCount; index += 1) {
      const job = await this.chunkQueue.getJob(bullJobId.chunk(jobId, index));
      if (!job || !PENDING_STATES.has(await job.getState())) continue;
      try {
        await job.remove();
        dropped += 1;
      } catch {
        // a worker took it in between; it stops on its own
      }
    }
    return dropped;
  }

  async close(): Promise<void> {
    await Promise.all([
      this.planQueue.close(),
      this.chunkQueue.close(),
      this.stitchQueue.close(),
      this.webhookQueue.close(),
      this.flows.close(),
    ]);
  }
}
