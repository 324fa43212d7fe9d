/**
 * Every Redis key of the job records, in one place. They all start with the prefix, so
 * on a cluster (a prefix with a hash tag, e.g. `{remaster}`) they share one slot and the
 * atomic steps may touch several.
 */
export function jobKeys(prefix: string, id: string) {
  const job = `${prefix}:job:${id}`;
  return {
    job,
    chunks: `${job}:chunks`,
    chunkProgress: `${job}:chunk-progress`,
    chunkReports: `${job}:chunk-reports`,
    progressWebhook: `${job}:progress-webhook`,
  };
}

/** The job hash key without the id: scripts append ids to it. */
export function jobKeyPrefix(prefix: string): string {
  return jobKeys(prefix, '').job;
}

export function tenantJobsKey(prefix: string, tenant: string): string {
  return `${prefix}:tenant:${tenant}:jobs`;
}

/** The tenant's jobs holding one of its active-job slots (TenantSlots). */
export function tenantSlotsKey(prefix: string, tenant: string): string {
  return `${prefix}:tenant:${tenant}:active`;
}

/** Ids of the jobs that have not ended, scored by creation time: what the sweeper looks at. */
export function activeJobsKey(prefix: string): string {
  return `${prefix}:jobs:active`;
}

/** The outbox: entry ids by the time a relay may take them, and the entries by id. */
export function outboxKeys(prefix: string) {
  return { due: `${prefix}:outbox`, entries: `${prefix}:outbox:entries` };
}
