import type { QueueName } from './catalog.js';
import { catalog } from './catalog.js';
import type { ConsumerRole } from './define-queue.js';
import type { JobRecord } from './job-record.js';
import type { QueueConsumers } from './queue-consumers.js';

/** A queue whose jobs wait for a role that nobody runs. */
export interface UnservedQueue {
  readonly queue: QueueName;
  readonly role: ConsumerRole;
  readonly waiting: number;
  readonly message: string;
}

/** Why a job does not move: the role its next step waits for is not running anywhere. */
export interface WaitingFor {
  readonly queue: QueueName;
  readonly role: ConsumerRole;
  readonly message: string;
}

export interface QueueCoverageDeps {
  readonly consumers: Pick<QueueConsumers, 'list'>;
  /** Jobs of the queue that wait for a consumer (waiting and prioritized). */
  readonly waiting: (queue: QueueName) => Promise<number>;
}

/**
 * Whether every queue with work has a live consumer: a job queued for a role nobody
 * runs (ROLES without `worker`, a crashed stitcher) says so, instead of waiting silently.
 */
export class QueueCoverage {
  constructor(private readonly deps: QueueCoverageDeps) {}

  /** The queues with waiting jobs and no live consumer, in catalog order. */
  async unserved(): Promise<UnservedQueue[]> {
    const found = await Promise.all(
      Object.values(catalog).map(async (queue): Promise<UnservedQueue | undefined> => {
        const waiting = await this.deps.waiting(queue.name);
        if (waiting === 0 || (await this.deps.consumers.list(queue.name)).length > 0) return;
        const message = `${waiting} ${queue.name} job${waiting === 1 ? '' : 's'} waiting: ${nobodyRuns(queue.role)}`;
        return { queue: queue.name, role: queue.role, waiting, message };
      }),
    );
    return found.filter((item) => item !== undefined);
  }

  /** The role a job waits for when none is running; undefined while its next step is served. */
  async waitingFor(
    record: Pick<JobRecord, 'status' | 'plan' | 'progress'>,
  ): Promise<WaitingFor | undefined> {
    const queue = nextQueue(record);
    if (!queue || (await this.deps.consumers.list(queue.name)).length > 0) return undefined;
    return { queue: queue.name, role: queue.role, message: nobodyRuns(queue.role) };
  }
}

/** The queue whose consumer moves a job on from its status; none once a consumer holds it. */
function nextQueue(record: Pick<JobRecord, 'status' | 'plan' | 'progress'>) {
  if (record.status === 'queued') return catalog.plan;
  if (record.status !== 'processing') return undefined;
  const total = record.plan?.chunksTotal ?? Infinity;
  return record.progress.chunksDone < total ? catalog.chunk : catalog.stitch;
}

function nobodyRuns(role: ConsumerRole): string {
  return `no ${role} role is running; start one (ROLES=${role})`;
}
