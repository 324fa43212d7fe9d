import type { ConsumeOptions } from './consume.js';
import type { AnyQueue, ConsumerRole } from './define-queue.js';
import { queuesServedBy } from './catalog.js';

/** One queue's handler, as a role lists it; built by {@link handler} so the payload type is checked. */
export interface QueueHandler {
  readonly queue: AnyQueue;
  readonly options: ConsumeOptions<AnyQueue>;
}

/** Pairs a catalog record with its handler; `handle` gets the record's payload type. */
export function handler<Q extends AnyQueue>(queue: Q, options: ConsumeOptions<Q>): QueueHandler {
  return { queue, options: options as ConsumeOptions<AnyQueue> };
}

/**
 * Throws unless the role has exactly one handler for every queue the catalog gives it,
 * and none for another role's queue: a role that starts serves all of its work once.
 */
export function checkRoleHandlers(role: ConsumerRole, handlers: readonly QueueHandler[]): void {
  const problems: string[] = [];
  for (const queue of queuesServedBy(role)) {
    const count = handlers.filter((h) => h.queue.name === queue.name).length;
    if (count === 0) problems.push(`queue "${queue.name}" has no handler`);
    if (count > 1) problems.push(`queue "${queue.name}" has ${count} handlers; give it one`);
  }
  for (const { queue } of handlers) {
    if (queue.role !== role)
      problems.push(`queue "${queue.name}" belongs to the ${queue.role} role, not to this one`);
  }
  if (problems.length > 0)
    throw new Error(`the ${role} role cannot start: ${[...new Set(problems)].join('; ')}`);
}
