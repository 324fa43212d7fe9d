/** The job statuses in lifecycle order (a tuple, so zod's `z.enum` takes it). */
export const JOB_STATUSES = [
  'queued',
  'planning',
  'processing',
  'stitching',
  'completed',
  'failed',
  'canceled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Each status's rank: a job only moves to a higher rank, and the terminal statuses share
 * the last one. The Lua transition script reads its rank table from here
 * ({@link luaStatusRanks}), so there is one table.
 */
export const STATUS_RANKS: { readonly [S in JobStatus]: number } = {
  queued: 0,
  planning: 1,
  processing: 2,
  stitching: 3,
  completed: 4,
  failed: 4,
  canceled: 4,
};

const TERMINAL_RANK = Math.max(...Object.values(STATUS_RANKS));

export const TERMINAL_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter(
  (status) => STATUS_RANKS[status] === TERMINAL_RANK,
);

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** The rank table as a Lua table constructor, e.g. `{ queued = 0, … }`, and the terminal rank. */
export function luaStatusRanks(): { table: string; terminal: number } {
  const pairs = JOB_STATUSES.map((status) => `${status} = ${STATUS_RANKS[status]}`);
  return { table: `{ ${pairs.join(', ')} }`, terminal: TERMINAL_RANK };
}
