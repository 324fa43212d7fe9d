import { outboxKeys } from '../job-keys.js';
import { runCommand } from '../redis-commands.js';
import type { LifecycleContext } from './context.js';
import { deliverEntry, settleEntry } from './deliver.js';
import { parseEntry } from './outbox-entry.js';

const CLAIM_BATCH = 100;

/**
 * Delivers the outbox entries whose lease has run out (their writer died or its delivery
 * failed), at least once, and settles each with the exact string it claimed. Returns how
 * many it delivered. An unreadable entry is dropped and reported.
 */
export async function relayOutbox(
  ctx: LifecycleContext,
  onError: (error: Error) => void = () => {},
): Promise<number> {
  const { due, entries } = outboxKeys(ctx.prefix);
  const now = ctx.clock().getTime();
  const claimed = (await runCommand(
    ctx.redis,
    'claimOutbox',
    [due, entries],
    [now, now + ctx.leaseMs, CLAIM_BATCH],
  )) as (string | null)[];
  let delivered = 0;
  for (let i = 0; i < claimed.length; i += 2) {
    const id = claimed[i]!;
    const json = claimed[i + 1] ?? legacyMember(id);
    const entry = json === undefined ? undefined : parseEntry(json);
    if (json === undefined || !entry) {
      await settleOrDrop(ctx, id, json);
      if (json !== undefined)
        onError(new Error(`dropped an unreadable outbox entry ${id}: ${json.slice(0, 200)}`));
      continue;
    }
    try {
      await deliverEntry(ctx, entry);
    } catch (error) {
      // Leased, so it falls due again; the other entries go on.
      onError(new Error(`outbox entry ${id} not delivered: ${(error as Error).message}`));
      continue;
    }
    if (json === id) await ctx.redis.zrem(due, id);
    else await settleEntry(ctx, { id, json });
    delivered += 1;
  }
  return delivered;
}

/**
 * Entries written before the outbox kept them by id were their own member (the JSON);
 * such a member is delivered and removed as it was read. Any other id without an entry
 * has nothing to deliver.
 */
function legacyMember(id: string): string | undefined {
  return id.startsWith('{') ? id : undefined;
}

async function settleOrDrop(ctx: LifecycleContext, id: string, json: string | undefined) {
  if (json === undefined || json === id) await ctx.redis.zrem(outboxKeys(ctx.prefix).due, id);
  else await settleEntry(ctx, { id, json });
}
