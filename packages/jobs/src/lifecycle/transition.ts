import { activeJobsKey, jobKeys, outboxKeys } from '../job-keys.js';
import type { JobStatus } from '../job-status.js';
import { STATUS_RANKS, isTerminal } from '../job-status.js';
import { runCommand } from '../redis-commands.js';
import type { LifecycleContext } from './context.js';
import type { OutboxEntry, StagedEntry } from './outbox-entry.js';
import { stage } from './outbox-entry.js';

const RANKS_JSON = JSON.stringify(STATUS_RANKS);

export interface StatusChange {
  readonly id: string;
  readonly status: JobStatus;
  /** Set with the status (the plan, the output, the error…). */
  readonly fields?: Record<string, string>;
  /** The work that follows, staged in the outbox in the same script. */
  readonly entries?: readonly OutboxEntry[];
  /** Move only when the job's updatedAt is still this (nobody moved it since it was read). */
  readonly guard?: string;
}

/**
 * The one write of a status: forward only, never out of a terminal status, with its
 * follow-up work staged in the outbox and, for an end, the retention set, in one script
 * (commands/transition-7.lua). Returns the staged entries when the job moved, undefined
 * when it did not (ended, further along, changed since `guard`, or missing).
 */
export async function transition(
  ctx: LifecycleContext,
  change: StatusChange,
): Promise<StagedEntry[] | undefined> {
  const now = ctx.clock();
  const at = now.toISOString();
  const staged = (change.entries ?? []).map(stage);
  const fields = { ...change.fields, ...phaseStart(change.status, at), updatedAt: at };
  const keys = jobKeys(ctx.prefix, change.id);
  const outbox = outboxKeys(ctx.prefix);
  const result = await runCommand(
    ctx.redis,
    'transition',
    [
      keys.job,
      keys.chunks,
      keys.chunkProgress,
      keys.chunkReports,
      outbox.due,
      outbox.entries,
      activeJobsKey(ctx.prefix),
    ],
    [
      change.id,
      change.status,
      RANKS_JSON,
      change.guard ?? '',
      ctx.retentionSeconds ?? '',
      now.getTime() + ctx.leaseMs,
      staged.length,
      ...staged.flatMap(({ id, json }) => [id, json]),
      ...Object.entries(fields).flat(),
    ],
  );
  return result === 1 ? staged : undefined;
}

/** The time a phase starts, kept beside the status: planning, stitching and the end. */
function phaseStart(status: JobStatus, at: string): Record<string, string> {
  if (status === 'planning') return { planningAt: at };
  if (status === 'stitching') return { stitchingAt: at };
  return isTerminal(status) ? { endedAt: at } : {};
}
