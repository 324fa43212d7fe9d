import type { JobRequest, JobStore, ModelCatalog, Pipeline } from '@remaster/jobs';
import { RetryableFailure, TerminalFailure } from '@remaster/jobs';
import type { FrameIndex, PacketIndex, Rational, SourceInfo } from '@remaster/media';
import { MediaError, findRepeats, normalisationReason, sceneCutsOf } from '@remaster/media';
import { buildRender } from './build-render.js';
import type { InputLimits } from './check-input-limits.js';
import { checkInputLimits } from './check-input-limits.js';
import type { Ingester } from './ingest-input.js';
import type { NormalisedInput, Normaliser } from './normalise-input.js';

export interface PlanJobDeps {
  readonly store: JobStore;
  readonly pipeline: Pick<Pipeline, 'enqueueRender'>;
  /** Turns the job's input URL into one ffprobe and ffmpeg can read. */
  readonly mediaUrl: (inputUrl: string) => Promise<string>;
  readonly probe: (url: string) => Promise<SourceInfo>;
  /** The container's packets: keyframes and whether the timeline is on the constant-rate grid. */
  readonly indexPackets: (url: string, fps: Rational) => Promise<PacketIndex>;
  /**
   * One sequential decode of the frames chunks read: every frame's digest, and scdet's
   * per-frame differences and scene scores when `scan` is set.
   */
  readonly indexFrames: (url: string, options: { scan: boolean }) => Promise<FrameIndex>;
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
  const frames = await readFrames(deps, { jobId, url, original, request: record.request });
  const { normalised, index } = frames;
  const { sceneCuts, repeats } = analyseFrames(index, record.request);
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
    frames: {
      digests: index.digests,
      keyframes: frames.keyframes,
      emptyIndexEntries: frames.emptyIndexEntries,
      decoderMessages: index.decoderMessages,
    },
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

interface ReadFramesInput {
  readonly jobId: string;
  readonly url: string;
  readonly original: SourceInfo;
  readonly request: JobRequest;
}

interface SourceFrames {
  readonly normalised: NormalisedInput | undefined;
  /** The sequential decode of the frames chunks read. */
  readonly index: FrameIndex;
  /** Display-order keyframes of what chunks read: where a worker may start decoding. */
  readonly keyframes: readonly number[];
  /** Index entries or timeline slots without a frame (held by the constant-rate intermediate). */
  readonly emptyIndexEntries: number;
}

/**
 * Decides what chunks read (the source, or a constant-rate intermediate when the source's
 * timeline is not on its grid, its container does not seek exactly, or its decoder gives
 * other frames than its packets count) and decodes it once from the start: the frame
 * digests every chunk and still is checked against (DESIGN §2, decode integrity).
 */
async function readFrames(deps: PlanJobDeps, input: ReadFramesInput): Promise<SourceFrames> {
  const { url, original } = input;
  const scan = needsScan(input.request);
  const direct = normalisationReason(original) === undefined;
  const packets = direct
    ? await deps.indexPackets(url, original.nominalFps ?? original.fps)
    : undefined;
  const emptyIndexEntries = original.emptyIndexEntries ?? packets?.gridGaps ?? 0;
  if (packets?.onGrid) {
    const index = await deps.indexFrames(url, { scan });
    if (index.digests.length === original.frames)
      return { normalised: undefined, index, keyframes: packets.keyframes, emptyIndexEntries };
    return normaliseThenIndex(deps, input, {
      reason: `the decoder gives ${index.digests.length} of the ${original.frames} frames the container holds`,
      scan,
      emptyIndexEntries,
    });
  }
  const reason = packets
    ? 'timestamps off the constant-rate grid (gaps or variable rate)'
    : undefined;
  return normaliseThenIndex(deps, input, { reason, scan, emptyIndexEntries });
}

async function normaliseThenIndex(
  deps: PlanJobDeps,
  { jobId, url, original }: ReadFramesInput,
  options: { reason: string | undefined; scan: boolean; emptyIndexEntries: number },
): Promise<SourceFrames> {
  if (!deps.normalise)
    throw new TerminalFailure(
      'INPUT_CORRUPT',
      `the source cannot be read frame-exactly (${options.reason ?? normalisationReason(original)}) and no normaliser is configured`,
    );
  const normalised = await deps.normalise(jobId, url, original, options.reason);
  const index = await deps.indexFrames(await deps.mediaUrl(normalised.inputUrl), {
    scan: options.scan,
  });
  if (index.digests.length !== normalised.frames)
    throw new TerminalFailure(
      'INPUT_CORRUPT',
      `the constant-rate copy of the source decodes to ${index.digests.length} frames, its container holds ${normalised.frames}: the source is damaged; repair or re-encode it`,
    );
  return {
    normalised,
    index,
    keyframes: normalised.keyframes,
    emptyIndexEntries: options.emptyIndexEntries,
  };
}

/** Whether the decode also scores frames: scene cuts when interpolating, or repeated frames. */
function needsScan(request: JobRequest): boolean {
  return (request.interpolate?.sceneThreshold ?? 0) > 0 || request.interpolate?.dedupe === true;
}

/**
 * Scene cuts (when interpolating; threshold 0 turns detection off) and repeated frames
 * (`interpolate.dedupe`), from the scdet scores of the sequential decode.
 */
function analyseFrames(
  index: FrameIndex,
  request: JobRequest,
): { sceneCuts: number[]; repeats?: number[] } {
  const threshold = request.interpolate?.sceneThreshold ?? 0;
  const dedupe = request.interpolate?.dedupe === true;
  if (!index.scan) return { sceneCuts: [] };
  return {
    sceneCuts: threshold === 0 ? [] : sceneCutsOf(index.scan, threshold),
    ...(dedupe && {
      repeats: findRepeats(index.scan.mafd, request.interpolate?.dedupeThreshold ?? 0.06),
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
