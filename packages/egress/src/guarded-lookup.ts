import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { blockedRange } from './blocked-range.js';
import { EgressError } from './egress-error.js';

/** Every address a name resolves to (dns.lookup with `all: true` by default). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** How the guard decides; both are ports so tests can put a loopback server "outside". */
export interface AddressPolicy {
  /** Skip the check (ALLOW_PRIVATE_URLS=true); names are still resolved by `resolve`. */
  readonly allowPrivate: boolean;
  readonly resolve?: Resolver;
  /** Name of the blocked range an address lies in, or undefined; default {@link blockedRange}. */
  readonly blockedRange?: (address: string) => string | undefined;
}

/** The system resolver (getaddrinfo, so /etc/hosts counts), every answer, in its order. */
export const systemResolver: Resolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net/http/tls connections that resolves the name and refuses the
 * connection when any answer lies in a blocked range. Because it runs when the socket
 * connects, a name that pointed elsewhere when it was first checked (DNS rebinding)
 * is caught here, and the socket only ever connects to an address that was checked.
 */
export function guardedLookup(policy: AddressPolicy) {
  const resolve = policy.resolve ?? systemResolver;
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: LookupCallback,
  ): void => {
    resolve(hostname).then(
      (answers) => {
        let usable: LookupAddress[];
        try {
          usable = usableAnswers(hostname, answers, Number(options.family) || 0, policy);
        } catch (error) {
          return callback(error as NodeJS.ErrnoException, '');
        }
        const [first] = usable as [LookupAddress];
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** The answers of the wanted family (0: any); throws when there is none or any is blocked. */
function usableAnswers(
  hostname: string,
  answers: LookupAddress[],
  family: number,
  policy: AddressPolicy,
): LookupAddress[] {
  const usable = answers.filter((a) => family === 0 || a.family === family);
  if (usable.length === 0) {
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = 'ENOTFOUND';
    throw error;
  }
  if (!policy.allowPrivate) assertPublic(hostname, answers, policy.blockedRange);
  return usable;
}

/** Throws URL_PRIVATE_ADDRESS when any answer lies in a blocked range. */
export function assertPublic(
  hostname: string,
  answers: readonly LookupAddress[],
  classify: (address: string) => string | undefined = blockedRange,
): void {
  for (const { address } of answers) {
    const range = classify(address);
    if (range)
      throw new EgressError(
        'URL_PRIVATE_ADDRESS',
        `${hostname} resolves to ${address}, a ${range} address`,
      );
  }
}
