/** BullMQ's largest priority (lower numbers run first; 0 would mean "before every prioritized job"). */
export const MAX_CHUNK_PRIORITY = 2 ** 21 - 1;

export interface ChunkPrioritiesInput {
  /** Work of each chunk, by chunk index (output frames: one model run each). */
  readonly frames: readonly number[];
  /**
   * The queue's virtual time: the lowest priority still waiting minus one (0 when
   * nothing waits). A new job starts there, level with the chunks due next.
   */
  readonly base: number;
}

/**
 * BullMQ priorities of one job's chunks, by chunk index. A chunk's rank within its job
 * (0 = runs first) is added to the queue's virtual time, so chunk k of every job waits
 * only behind rank < k of the others: a new job's first chunks start at once and the
 * jobs in the queue advance round-robin, one chunk each per round (equal ranks run in
 * arrival order). Within a job, the longest chunks rank first (longest-processing-time
 * first, as Av1an orders its chunks), so the short remainder fills the tail instead of
 * a long chunk starting last. Ranks past BullMQ's limit share its last level (FIFO).
 */
export function chunkPriorities({ frames, base }: ChunkPrioritiesInput): number[] {
  const order = frames
    .map((work, index) => ({ work, index }))
    .sort((a, b) => b.work - a.work || a.index - b.index);
  const priorities = new Array<number>(frames.length);
  order.forEach(({ index }, rank) => {
    priorities[index] = Math.min(MAX_CHUNK_PRIORITY, Math.max(0, base) + 1 + rank);
  });
  return priorities;
}

/** The virtual time {@link chunkPriorities} starts a new job at, from the lowest waiting priority. */
export function virtualTime(lowestWaitingPriority: number | undefined): number {
  return lowestWaitingPriority && lowestWaitingPriority > 0 ? lowestWaitingPriority - 1 : 0;
}
