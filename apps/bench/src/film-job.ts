// One job of the film bench through the API: submitted, polled until it ends (each
// poll's status, percent and ETA kept), or canceled once enough chunks are done.
import type { StartedS3 } from '@remaster/testing';

export interface FilmApi {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** One poll of `GET /v1/jobs/:id`, at `at` seconds after submission. */
export interface Poll {
  readonly at: number;
  readonly status: string;
  readonly percent: number;
  readonly etaSeconds?: number;
  readonly chunksDone: number;
}

interface JobBody {
  status: string;
  error?: unknown;
  progress: { percent: number; etaSeconds?: number; chunksDone: number; chunksTotal?: number };
  output?: { durationSeconds: number; frames: number };
  report?: { phases: { planSeconds?: number; renderSeconds?: number; stitchSeconds?: number } };
}

export interface FinishedJob {
  readonly id: string;
  readonly seconds: number;
  readonly polls: readonly Poll[];
  readonly body: JobBody;
}

export async function submitFilm(
  api: FilmApi,
  input: string,
  chunkFrames: number,
): Promise<string> {
  const body = { input: { url: input }, upscale: { factor: 2 }, chunk: { frames: chunkFrames } };
  const answer = await fetch(`${api.url}/v1/jobs`, {
    method: 'POST',
    headers: api.headers,
    body: JSON.stringify(body),
  });
  if (answer.status !== 202)
    throw new Error(`submit answered ${answer.status}: ${await answer.text()}`);
  return ((await answer.json()) as { id: string }).id;
}

export async function getJob(api: FilmApi, id: string): Promise<JobBody> {
  const answer = await fetch(`${api.url}/v1/jobs/${id}`, { headers: api.headers });
  if (!answer.ok) throw new Error(`GET /v1/jobs/${id} answered ${answer.status}`);
  return (await answer.json()) as JobBody;
}

/**
 * Polls the job every `pollMs` until it ends; `onPoll` sees every poll (the bench takes
 * its Redis snapshot when rendering starts). Throws when it fails or is canceled.
 */
export async function followJob(
  api: FilmApi,
  id: string,
  options: { pollMs: number; onPoll?: (poll: Poll) => Promise<void> },
): Promise<FinishedJob> {
  const started = performance.now();
  const polls: Poll[] = [];
  for (;;) {
    const body = await getJob(api, id);
    const at = (performance.now() - started) / 1000;
    const poll = {
      at,
      status: body.status,
      percent: body.progress.percent,
      etaSeconds: body.progress.etaSeconds,
      chunksDone: body.progress.chunksDone,
    };
    polls.push(poll);
    await options.onPoll?.(poll);
    if (body.status === 'completed') return { id, seconds: at, polls, body };
    if (body.status === 'failed' || body.status === 'canceled')
      throw new Error(`film job ${id} ${body.status}: ${JSON.stringify(body.error)}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

/** How long nothing must be seen before the bench calls the job cleaned. */
const QUIET_SECONDS = 5;

export interface CancelRun {
  readonly chunksDoneAtCancel: number;
  readonly segmentsAtCancel: number;
  /** Seconds from the cancel's answer to the first look that found no segment of the job in S3 for good (undefined: some left at the limit). */
  readonly segmentsGoneSeconds?: number;
  /** The same for its BullMQ chunk jobs (keys `…:chunk:<id>-chunk-<n>`). */
  readonly chunksGoneSeconds?: number;
}

/**
 * Waits until `cancelAfterChunks` chunks are done, cancels the job, then polls S3 and
 * Redis every 250 ms for up to `limitSeconds` until its segments and chunk jobs are gone.
 */
export async function cancelMidRun(options: {
  api: FilmApi;
  id: string;
  cancelAfterChunks: number;
  objects: StartedS3['store'];
  chunkKeys: () => Promise<number>;
  limitSeconds: number;
}): Promise<CancelRun> {
  const { api, id, objects } = options;
  let chunksDoneAtCancel = 0;
  while (chunksDoneAtCancel < options.cancelAfterChunks) {
    const body = await getJob(api, id);
    if (body.status === 'failed' || body.status === 'completed')
      throw new Error(`job ${id} ${body.status} before the cancel`);
    chunksDoneAtCancel = body.progress.chunksDone;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const segments = () => objects.listKeys(`jobs/${id}/segments/`).then((keys) => keys.length);
  const segmentsAtCancel = await segments();
  const canceled = await fetch(`${api.url}/v1/jobs/${id}/cancel`, {
    method: 'POST',
    headers: api.headers,
    body: '{}',
  });
  if (!canceled.ok) throw new Error(`cancel answered ${canceled.status}`);
  const start = performance.now();
  // The first look of the last run of empty looks: a worker may upload after an empty one.
  let segmentsGoneSeconds: number | undefined;
  let chunksGoneSeconds: number | undefined;
  for (;;) {
    const at = (performance.now() - start) / 1000;
    segmentsGoneSeconds = (await segments()) > 0 ? undefined : (segmentsGoneSeconds ?? at);
    chunksGoneSeconds = (await options.chunkKeys()) > 0 ? undefined : (chunksGoneSeconds ?? at);
    const gone = Math.max(segmentsGoneSeconds ?? Infinity, chunksGoneSeconds ?? Infinity);
    if (at - gone >= QUIET_SECONDS || at >= options.limitSeconds) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { chunksDoneAtCancel, segmentsAtCancel, segmentsGoneSeconds, chunksGoneSeconds };
}
