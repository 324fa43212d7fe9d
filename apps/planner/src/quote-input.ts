import type { AddressPolicy, GuardedRelay } from '@remaster/egress';
import { guardedRelay } from '@remaster/egress';
import type {
  Catalog,
  ModelCatalog,
  PayloadOf,
  SpeedStats,
  UrlName,
  WorkerHeartbeat,
} from '@remaster/jobs';
import { RetryableFailure, TerminalFailure, nameUrls } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { MediaError, ProcessError } from '@remaster/media';
import { quoteJob } from '@remaster/planning';
import type { z } from 'zod';
import { fetchFailure, redactUrl } from './fetch-failure.js';

export type QuotePayload = PayloadOf<Catalog['quote']>;
export type QuoteReply = z.infer<Catalog['quote']['reply']>;

export interface InputQuoterDeps {
  /** The SSRF guard (ALLOW_PRIVATE_URLS turns it off), as the planner's ingest uses it. */
  readonly egress: AddressPolicy;
  /** INPUT_MAX_BYTES: a larger input is refused as a submit of it would be. */
  readonly maxBytes: number;
  /** ffprobe (`probeMedia` of @remaster/media), killed after `timeoutMs`. */
  readonly probe: (url: string, options: { timeoutMs: number }) => Promise<SourceInfo>;
  readonly workers: { list(): Promise<readonly WorkerHeartbeat[]> };
  /** Planning and stitching costs of recent jobs (SpeedStats of @remaster/jobs). */
  readonly speeds?: Pick<SpeedStats, 'phaseCosts'>;
  readonly models?: ModelCatalog;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
  /** Longest silence from the input's server (default 30 s). */
  readonly idleTimeoutMs?: number;
  readonly now?: () => number;
}

/**
 * The quote queue's handler: probes an http(s) input and prices it with `quoteJob`, on the
 * same inputs as the API's quotes of s3:// objects (the model registry, the live workers,
 * the measured phase costs). ffprobe never opens the user's URL: it reads a loopback relay
 * (`guardedRelay`) that makes each of its requests through the SSRF guard, so every address
 * it reaches was checked when its socket connected. Failures are replied with the code a
 * submit of the input would fail with, never thrown.
 */
export function inputQuoter(deps: InputQuoterDeps): (payload: QuotePayload) => Promise<QuoteReply> {
  const now = deps.now ?? Date.now;
  return async (payload) => {
    if (now() > payload.deadline)
      return failure('QUOTE_EXPIRED', 'the API stopped waiting for this quote before it started');
    try {
      const source = await probeThroughGuard(payload, deps);
      // The reply carries the Quote of @remaster/planning as JSON.
      return { quote: { ...(await price(payload, source, deps)) } };
    } catch (error) {
      if (error instanceof Unquotable) return failure(error.code, error.message);
      if (error instanceof TerminalFailure || error instanceof RetryableFailure)
        return failure(error.code, error.message);
      throw error;
    }
  };
}

/** An input that cannot be quoted, with a code of the quote's own (not a job failure code). */
class Unquotable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function probeThroughGuard(payload: QuotePayload, deps: InputQuoterDeps) {
  const given = payload.request.input.url;
  let relay: GuardedRelay;
  try {
    relay = await guardedRelay(given, {
      ...deps.egress,
      headers: { 'user-agent': 'Remaster/1' },
      idleTimeoutMs: deps.idleTimeoutMs ?? 30_000,
      maxBytes: deps.maxBytes,
    });
  } catch (error) {
    throw fetchFailure(given, error as Error);
  }
  try {
    const source = await deps.probe(relay.url, { timeoutMs: payload.probeTimeoutMs });
    // A request the relay could not finish leaves ffprobe's answer in doubt.
    const refused = relay.failure();
    if (refused) throw fetchFailure(given, refused);
    return source;
  } catch (error) {
    // What the guard refused or the network lost explains ffprobe's failure better than it.
    const refused = relay.failure();
    if (refused) throw fetchFailure(given, refused);
    throw probeFailure(error, { internal: relay.url, shown: redactUrl(given) }, payload);
  } finally {
    await relay.close();
  }
}

function probeFailure(error: unknown, name: UrlName, payload: QuotePayload): unknown {
  if (error instanceof MediaError)
    return new Unquotable(error.code, nameUrls(error.message, [name]));
  if (error instanceof ProcessError && error.code === 'PROCESS_TIMEOUT')
    return new Unquotable(
      'QUOTE_PROBE_TIMEOUT',
      `probing the input took over ${payload.probeTimeoutMs} ms (QUOTE_PROBE_TIMEOUT_MS); try again, or submit the job`,
    );
  return error;
}

/** quoteJob as the API calls it for s3:// inputs; what the planner would refuse throws a TerminalFailure. */
async function price(payload: QuotePayload, source: SourceInfo, deps: InputQuoterDeps) {
  return quoteJob({
    request: payload.request,
    source,
    defaultChunkFrames: deps.defaultChunkFrames,
    maxChunks: deps.maxChunks,
    ...(deps.models ? { models: deps.models } : {}),
    workers: await deps.workers.list(),
    ...(deps.speeds ? { phases: await deps.speeds.phaseCosts() } : {}),
  });
}

function failure(code: string, message: string): QuoteReply {
  return { failure: { code, message } };
}
