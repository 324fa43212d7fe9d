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
    if (entry) {
      try {
        await deliverEntry(ctx, entry);
      } catch (error) {
        // Leased, so it falls due again; the other entries go on.
        onError(new Error(`outbox entry ${id} not delivered: ${(error as Error).message}`));
        continue;
      }
      delivered += 1;
    } else if (json !== undefined) {
      onError(new Error(`dropped an unreadable outbox entry ${id}: ${json.slice(0, 200)}`));
    }
    // A legacy member is removed as read; any other entry only if it is still what was read.
    if (json === id) await ctx.redis.zrem(due, id);
    else await settleEntry(ctx, { id, json: json ?? '' });
  }
  return delivered;
}

/**
 * Entries written before the outbox kept them by id were their own member (the JSON). Any
 * other id without an entry has nothing to deliver (settling it drops the id).
 */
function legacyMember(id: string): string | undefined {
  return id.startsWith('{') ? id : undefined;
}
