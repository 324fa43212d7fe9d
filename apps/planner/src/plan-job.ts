import type {
  JobRecord,
  JobRequest,
  JobStore,
  Lifecycle,
  ModelCatalog,
  PlanSummary,
  UrlName,
} from '@remaster/jobs';
import {
  DEFAULT_SCENE_THRESHOLD,
  RetryableFailure,
  TerminalFailure,
  nameUrlsIn,
} from '@remaster/jobs';
import type {
  FrameIndex,
  FrameIndexOptions,
  PacketIndex,
  Rational,
  SourceInfo,
} from '@remaster/media';
import { MediaError, findRepeats, normalisationReason, sceneCutsOf } from '@remaster/media';
import type { FieldOrder, RenderPlan } from '@remaster/planning';
import { buildRender, planSourceRestore, restoreMeasures } from '@remaster/planning';

import type { InputLimits } from './check-input-limits.js';
import { checkInputLimits } from './check-input-limits.js';
import type { Ingester } from './ingest-input.js';
import type { NormalisedInput, Normaliser } from './normalise-input.js';

export interface PlanJobDeps {
  readonly store: Pick<JobStore, 'get'>;
  /** Moves the job to planning, then records the plan and enqueues its render flow. */
  readonly lifecycle: Pick<Lifecycle, 'startPlanning' | 'recordPlan'>;
  /** Turns the job's input URL into one ffprobe and ffmpeg can read. */
  readonly mediaUrl: (inputUrl: string) => Promise<string>;
  readonly probe: (url: string) => Promise<SourceInfo>;
  /** The container's packets: keyframes and whether the timeline is on the constant-rate grid. */
  readonly indexPackets: (url: string, fps: Rational) => Promise<PacketIndex>;
  /**
   * One sequential decode of the frames chunks read: every frame's digest, scdet's
   * per-frame differences and scene scores when `scan` is set, and what the restoration
   * needs measured (idet's counts, frame means, the noise σ) when `restore` asks.
   */
  readonly indexFrames: (url: string, options: FrameIndexOptions) => Promise<FrameIndex>;
  /** Inverse telecine's pass: each frame's difference to the one before, after field matching. */
  readonly matchDiffs: (url: string, options: { order: FieldOrder }) => Promise<number[]>;
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
  /** The plan's render and stitch time at the fleet's figures (predictRender); advisory. */
  readonly predict?: (render: RenderPlan) => Promise<PlanSummary['predicted']>;
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
  if (!record || !(await deps.lifecycle.startPlanning(jobId))) return undefined;
  // Messages name the URL the user gave, never the presigned ones ffprobe and ffmpeg read.
  const names: UrlName[] = [];
  try {
    return await planRecord(record, deps, names);
  } catch (error) {
    throw nameUrlsIn(error, names);
  }
}

/**
 * `deps.mediaUrl`, noting each URL it hands out under the name the user knows: the input
 * (or the planner's copy of an http(s) one) as the URL they gave, a normalised intermediate
 * as the constant-rate copy of it.
 */
function namingMediaUrl(
  deps: PlanJobDeps,
  names: UrlName[],
  { inputUrl, given }: { inputUrl: string; given: string },
): PlanJobDeps['mediaUrl'] {
  return async (stored) => {
    const url = await deps.mediaUrl(stored);
    const shown = stored === inputUrl ? given : `the constant-rate copy of ${given}`;
    names.push({ internal: url, shown }, { internal: stored, shown });
    return url;
  };
}

async function planRecord(
  record: JobRecord,
  plain: PlanJobDeps,
  names: UrlName[],
): Promise<{ chunks: number }> {
  const jobId = record.id;
  const given = record.request.input.url;
  const inputUrl = (await plain.ingest?.(jobId, given)) ?? given;
  names.push({ internal: inputUrl, shown: given });
  const deps = { ...plain, mediaUrl: namingMediaUrl(plain, names, { inputUrl, given }) };
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
  const analysis = frameAnalysis(record.request);
  const frames = await readFrames(deps, {
    jobId,
    url,
    original,
    options: {
      scan: needsScan(analysis),
      restore: restoreMeasures(record.request.restore, original),
    },
  });
  const { normalised, index } = frames;
  const { sceneCuts, repeats } = analyseFrames(index, analysis);
  const source = normalised
    ? { ...original, frames: normalised.frames, fps: normalised.fps, constantFrameRate: true }
    : original;
  const restore = await planSourceRestore({
    request: record.request,
    source,
    index,
    sceneCuts,
    // The field-match pass reads what the chunks read.
    matchDiffs: async (order) =>
      deps.matchDiffs(normalised ? await deps.mediaUrl(normalised.inputUrl) : url, { order }),
    models: deps.models,
  });
  const render = buildRender({
    jobId,
    request: record.request,
    inputUrl,
    source,
    normalised,
    restore,
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
  // Advisory: a prediction that cannot be made leaves the ETA to the measured rate.
  const predicted = await deps.predict?.(render).catch(() => undefined);
  const plan = predicted ? { ...render.plan, predicted } : render.plan;
  const flow = { kind: 'render' as const, stitch: render.stitch, chunks: render.chunks };
  // A job canceled meanwhile gets no flow; what planning wrote to the bucket is deleted.
  await deps.lifecycle.recordPlan(jobId, render.source, plan, flow);
  return { chunks: render.chunks.length };
}

interface ReadFramesInput {
  readonly jobId: string;
  readonly url: string;
  readonly original: SourceInfo;
  /** What the sequential decode measures besides the digests. */
  readonly options: FrameIndexOptions;
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
  const { url, original, options } = input;
  const direct = normalisationReason(original) === undefined;
  const packets = direct
    ? await deps.indexPackets(url, original.nominalFps ?? original.fps)
    : undefined;
  const emptyIndexEntries = original.emptyIndexEntries ?? packets?.gridGaps ?? 0;
  if (packets?.onGrid) {
    const index = await deps.indexFrames(url, options);
    if (index.digests.length === original.frames)
      return { normalised: undefined, index, keyframes: packets.keyframes, emptyIndexEntries };
    return normaliseThenIndex(deps, input, {
      reason: `the decoder gives ${index.digests.length} of the ${original.frames} frames the container holds`,
      emptyIndexEntries,
    });
  }
  const reason = packets
    ? 'timestamps off the constant-rate grid (gaps or variable rate)'
    : undefined;
  return normaliseThenIndex(deps, input, { reason, emptyIndexEntries });
}

async function normaliseThenIndex(
  deps: PlanJobDeps,
  { jobId, url, original, options: indexOptions }: ReadFramesInput,
  options: { reason: string | undefined; emptyIndexEntries: number },
): Promise<SourceFrames> {
  if (!deps.normalise)
    throw new TerminalFailure(
      'INPUT_CORRUPT',
      `the source cannot be read frame-exactly (${options.reason ?? normalisationReason(original)}) and no normaliser is configured`,
    );
  const normalised = await deps.normalise(jobId, url, original, options.reason);
  const index = await deps.indexFrames(await deps.mediaUrl(normalised.inputUrl), indexOptions);
  if (index.digests.length !== normalised.frames)
    throw new TerminalFailure(
      'INPUT_CORRUPT',
      `the constant-rate copy of the source decodes to ${index.digests.length} frames, its container holds ${normalised.frames}: the source is damaged; repair or re-encode it`,
    );
  return {
    normalised,
    index,
    keyframes: normalised.keyframes,
    // Slots of the constant-rate timeline the source had no frame for: each holds the frame before.
    emptyIndexEntries: Math.max(options.emptyIndexEntries, normalised.frames - original.frames),
  };
}

/** What the sequential decode scores frames for, from the request. */
interface FrameAnalysis {
  /** scdet score that starts a new scene; 0 turns detection off. */
  readonly sceneThreshold: number;
  /** Set with `interpolate.dedupe`: the difference under which a frame repeats the one before. */
  readonly dedupeThreshold: number | undefined;
}

function frameAnalysis(request: JobRequest): FrameAnalysis {
  // The request schema fills both thresholds in; no interpolation means no scan, unless
  // deflicker needs the scene cuts (a cut is a change of light, not flicker).
  const interpolate = request.interpolate;
  const deflicker = request.restore.deflicker !== 'off';
  return {
    sceneThreshold: interpolate?.sceneThreshold ?? (deflicker ? DEFAULT_SCENE_THRESHOLD : 0),
    dedupeThreshold: interpolate?.dedupe ? interpolate.dedupeThreshold : undefined,
  };
}

/** Whether the decode also runs scdet: for scene cuts or repeated frames. */
function needsScan(analysis: FrameAnalysis): boolean {
  return analysis.sceneThreshold > 0 || analysis.dedupeThreshold !== undefined;
}

/** Scene cuts and repeated frames, from the scdet scores of the sequential decode. */
function analyseFrames(
  index: FrameIndex,
  analysis: FrameAnalysis,
): { sceneCuts: number[]; repeats?: number[] } {
  if (!index.scan) return { sceneCuts: [] };
  const { sceneThreshold, dedupeThreshold } = analysis;
  return {
    sceneCuts: sceneThreshold === 0 ? [] : sceneCutsOf(index.scan, sceneThreshold),
    ...(dedupeThreshold !== undefined && {
      repeats: findRepeats(index.scan.mafd, dedupeThreshold),
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
