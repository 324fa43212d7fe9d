import { isIP } from 'node:net';
import { blockedRange, isLocalhostName } from './blocked-range.js';
import { EgressError } from './egress-error.js';
import type { AddressPolicy } from './guarded-lookup.js';
import { assertPublic, systemResolver } from './guarded-lookup.js';

/**
 * What can be known without resolving: `localhost` names and literal IP hosts in a
 * blocked range are refused (URL_PRIVATE_ADDRESS). True when the host is a literal
 * address (nothing to resolve), false when it is a name.
 */
export function checkLiteralHost(hostname: string, policy: AddressPolicy): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) !== 0;
  if (policy.allowPrivate) return literal;
  if (isLocalhostName(host))
    throw new EgressError('URL_PRIVATE_ADDRESS', `${host} is the server itself`);
  const range = literal ? (policy.blockedRange ?? blockedRange)(host) : undefined;
  if (range) throw new EgressError('URL_PRIVATE_ADDRESS', `${host} is a ${range} address`);
  return literal;
}

/**
 * The check at submit time: a literal or localhost host as above, and a name is resolved
 * and refused when any answer is blocked (URL_PRIVATE_ADDRESS) or it has none
 * (URL_UNRESOLVABLE). A resolver that is slow or fails for another reason lets it pass:
 * the check at connect time ({@link guardedLookup}) decides then, so this one only
 * answers early what it can.
 */
export async function checkHost(
  hostname: string,
  policy: AddressPolicy & { readonly timeoutMs: number },
): Promise<void> {
  if (checkLiteralHost(hostname, policy) || policy.allowPrivate) return;
  const resolve = policy.resolve ?? systemResolver;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((done) => {
    timer = setTimeout(done, policy.timeoutMs, undefined);
  });
  try {
    const answers = await Promise.race([resolve(hostname), timeout]);
    if (answers) assertPublic(hostname, answers, policy.blockedRange);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA')
      throw new EgressError('URL_UNRESOLVABLE', `${hostname} does not resolve (${code})`);
    if (error instanceof EgressError) throw error;
  } finally {
    clearTimeout(timer);
  }
}
