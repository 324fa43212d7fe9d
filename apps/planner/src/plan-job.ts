import type { JobRequest, JobStore, ModelCatalog, Pipeline } from '@remaster/jobs';
import { RetryableFailure, TerminalFailure } from '@remaster/jobs';
import type { FrameScan, SourceInfo } from '@remaster/media';
import { MediaError, findRepeats, sceneCutsOf } from '@remaster/media';
import { buildRender } from './build-render.js';
import type { InputLimits } from './check-input-limits.js';
import { checkInputLimits } from './check-input-limits.js';
import type { Ingester } from './ingest-input.js';
import type { Normaliser } from './normalise-input.js';

export interface PlanJobDeps {
  readonly store: JobStore;
  readonly pipeline: Pick<Pipeline, 'enqueueRender'>;
  /** Turns the job's input URL into one ffprobe and ffmpeg can read. */
  readonly mediaUrl: (inputUrl: string) => Promise<string>;
  readonly probe: (url: string) => Promise<SourceInfo>;
  /** One scdet pass over the whole source: per-frame differences and scene scores. */
  readonly scanFrames: (url: string) => Promise<FrameScan>;
  /** Makes a constant-rate intermediate when the source cannot be read frame-exactly. */
  readonly normalise?: Normaliser;
  /** Copies an http(s) input into the bucket (SSRF-guarded); the job then reads the copy. */
  readonly ingest?: Ingester;
  /** Fails fast with a clear code when an s3:// input is missing or empty. */
  readonly checkObject?: (inputUrl: string) => Promise<void>;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
  /** The models jobs may name (the registry); the built-ins when absent. */
  readonly models?: ModelCatalog;
  /** Checked on the probe, before any decode; no limits when absent. */
  readonly limits?: InputLimits;
}

/**
 * Probes the input, plans the chunks and creates the render flow. Safe to run twice:
 * the flow's job ids are deterministic, so a retry after a crash adds nothing new, and a
 * crash between the plan's record and the flow's enqueue leaves the flow in the outbox.
 */
export async function planJob(
  jobId: string,
  deps: PlanJobDeps,
): Promise<{ chunks: number } | undefined> {
  const record = await deps.store.get(jobId);
  if (!record || !(await deps.store.transition(jobId, 'planning'))) return undefined;
  const inputUrl =
    (await deps.ingest?.(jobId, record.request.input.url)) ?? record.request.input.url;
  await deps.checkObject?.(inputUrl);
  const url = await deps.mediaUrl(inputUrl);
  const original = await probeInput(deps, url);
  if (deps.limits)
    checkInputLimits({
      source: original,
      request: record.request,
      limits: deps.limits,
      models: deps.models,
    });
  const normalised = await deps.normalise?.(jobId, url, original);
  const frameUrl = normalised ? await deps.mediaUrl(normalised.inputUrl) : url;
  const { sceneCuts, repeats } = await analyseFrames(deps, frameUrl, record.request);
  const render = buildRender({
    jobId,
    request: record.request,
    inputUrl,
    source: normalised
      ? { ...original, frames: normalised.frames, fps: normalised.fps, constantFrameRate: true }
      : original,
    normalised,
    sceneCuts,
    repeats,
    defaultChunkFrames: deps.defaultChunkFrames,
    maxChunks: deps.maxChunks,
    models: deps.models,
  });
  const flow = { kind: 'render' as const, stitch: render.stitch, chunks: render.chunks };
  // Enqueued even when the job was canceled meanwhile: the stitch then runs once and cleans up.
  await deps.store.recordPlan(jobId, render.source, render.plan, flow);
  await deps.pipeline.enqueueRender(render.stitch, render.chunks);
  await deps.store.settle(flow);
  return { chunks: render.chunks.length };
}

/**
 * Scene cuts (when interpolating; threshold 0 turns detection off) and repeated frames
 * (`interpolate.dedupe`), from one scdet pass over the frames chunks read; no pass when
 * neither is asked for.
 */
async function analyseFrames(
  deps: PlanJobDeps,
  url: string,
  request: JobRequest,
): Promise<{ sceneCuts: number[]; repeats?: number[] }> {
  const threshold = request.interpolate?.sceneThreshold ?? 0;
  const dedupe = request.interpolate?.dedupe === true;
  if (threshold === 0 && !dedupe) return { sceneCuts: [] };
  const scan = await deps.scanFrames(url);
  return {
    sceneCuts: threshold === 0 ? [] : sceneCutsOf(scan, threshold),
    ...(dedupe && {
      repeats: findRepeats(scan.mafd, request.interpolate?.dedupeThreshold ?? 0.06),
    }),
  };
}

async function probeInput(deps: PlanJobDeps, url: string): Promise<SourceInfo> {
  try {
    return await deps.probe(url);
  } catch (error) {
    if (!(error instanceof MediaError)) throw error;
    // An unreachable server may come back; a file that is not media will not.
    const failure = error.code === 'INPUT_UNREACHABLE' ? RetryableFailure : TerminalFailure;
    throw new failure(error.code, error.message);
  }
}
