// POST /v1/quotes: what a job would produce and cost, before anything runs. The plan is the
// one the planner would make (buildRender on the probed source); times come from what the
// fleet measured, best first: the throughput workers publish for the pipeline (and keep in
// Redis across restarts), else their start-up calibration priced frame by frame on this
// plan, else a documented estimate; planning and stitching from recent jobs (see docs/api.md,
// "Quotes").
import type {
  ChosenModel,
  ChunkPayload,
  JobRequest,
  ModelCatalog,
  PhaseCosts,
  PlanSummary,
  RestoreSummary,
  WorkerCalibration,
  WorkerHeartbeat,
} from '@remaster/jobs';
import { DEFAULT_PHASE_COSTS, MODEL_CATALOG, costOf, pipelineKey } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { CODEC_CRF } from '@remaster/media';
import { chunkFrameOps, createRetiming } from '@remaster/retiming';
import type { RenderPlan } from './build-render.js';
import { buildRender } from './build-render.js';
import { planRestore } from './restore/plan-restore.js';

/**
 * Output pixels per second per worker slot assumed for a pipeline no live worker has
 * measured yet: built-in models only (measured here on CPU: see docs/api.md, "Quotes"), and any other model.
 */
export const ESTIMATED_PIXELS_PER_SECOND = { builtin: 3_000_000, model: 300_000 } as const;
/** Bits per output pixel per frame at each codec's default CRF; halves every 6 CRF up. */
const BITS_PER_PIXEL = { h264: 0.12, hevc: 0.07, av1: 0.05 } as const;

export interface Quote {
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly fps: string;
  readonly chunks: number;
  readonly models: { upscale?: ChosenModel; interpolate?: ChosenModel };
  /**
   * The restoration as far as it is known before any decode: what is forced and which
   * models and filters run; detections (interlacing, telecine, noise σ, flicker gains)
   * are made when the job is planned (see `notes` and `fields.reason`).
   */
  readonly restore: RestoreSummary;
  /** Render seconds summed over chunks, as one worker slot spends them. */
  readonly gpuSeconds: number;
  /** Planning, then the render spread over the fleet's slots (longest chunk first), then stitching; null with no worker. */
  readonly wallSeconds: number | null;
  /** The parts of wallSeconds. */
  readonly phases: {
    readonly planSeconds: number;
    readonly renderSeconds: number | null;
    readonly stitchSeconds: number;
    /** `measured`: fitted to recent jobs; `estimate`: the defaults before any job ended. */
    readonly basis: PhaseCosts['basis'];
  };
  /** Worker slots (processes × WORKER_CONCURRENCY) live now. */
  readonly workerSlots: number;
  readonly outputBytes: number;
  readonly throughput: {
    readonly pipeline: string;
    readonly outputPixelsPerSecond: number;
    /**
     * `measured`: the mean of the live workers' figure for this pipeline (from their chunks);
     * `calibrated`: priced from what they measured at start-up (their models on small
     * frames, ffmpeg); `estimate`: none has either. `outputPixelsPerSecond` is then the
     * render's output pixels over its slot-seconds.
     */
    readonly basis: 'measured' | 'calibrated' | 'estimate';
  };
}

export interface QuoteInput {
  readonly request: JobRequest;
  readonly source: SourceInfo;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
  readonly models?: ModelCatalog;
  readonly workers: readonly WorkerHeartbeat[];
  /** Planning and stitching costs (SpeedStats.phaseCosts); the defaults when absent. */
  readonly phases?: PhaseCosts;
}

/** Pure: the quote of a request on a probed source, at the fleet's measured speed. */
export function quoteJob(input: QuoteInput): Quote {
  const restore = planRestore({
    restore: input.request.restore,
    source: { frames: input.source.frames, fps: input.source.fps },
    facts: input.source.fieldOrder ? { containerOrder: input.source.fieldOrder } : {},
    ...(input.models ? { catalog: input.models } : {}),
  });
  const render = buildRender({
    restore,
    jobId: 'quote',
    request: input.request,
    source: input.source,
    defaultChunkFrames: input.defaultChunkFrames,
    maxChunks: input.maxChunks,
    ...(input.models ? { models: input.models } : {}),
  });
  const { plan } = render;
  const models = plan.models ?? {};
  const pixels = plan.width * plan.height;
  const priced = priceRender(render, input.workers, input.phases);
  const slotSeconds = priced.chunkSeconds.reduce((sum, s) => sum + s, 0);
  const planSeconds = costOf(priced.phaseCosts.plan, input.source.frames);
  const { renderSeconds, stitchSeconds } = priced;
  const { codec } = input.request.output;
  const crf = input.request.output.crf ?? CODEC_CRF[codec].default;
  const bitsPerPixel = BITS_PER_PIXEL[codec] * 2 ** ((CODEC_CRF[codec].default - crf) / 6);
  return {
    ...{ frames: plan.framesTotal, width: plan.width, height: plan.height, fps: plan.fps },
    chunks: plan.chunksTotal,
    models,
    restore: restore.summary,
    gpuSeconds: round(slotSeconds),
    wallSeconds: renderSeconds === null ? null : round(planSeconds + renderSeconds + stitchSeconds),
    phases: {
      planSeconds: round(planSeconds),
      renderSeconds: renderSeconds === null ? null : round(renderSeconds),
      stitchSeconds: round(stitchSeconds),
      basis: priced.phaseCosts.basis,
    },
    workerSlots: priced.workerSlots,
    outputBytes: Math.round((plan.framesTotal * pixels * bitsPerPixel) / 8),
    throughput: {
      pipeline: priced.pipeline,
      outputPixelsPerSecond: Math.round((plan.framesTotal * pixels) / Math.max(1e-9, slotSeconds)),
      basis: priced.basis,
    },
  };
}

/** What the planner records with a plan: its render and stitch time at the fleet's figures now. */
export function predictRender(
  render: Pick<RenderPlan, 'plan' | 'chunks'>,
  workers: readonly WorkerHeartbeat[],
  phases?: PhaseCosts,
): PlanSummary['predicted'] {
  const { renderSeconds, stitchSeconds, basis } = priceRender(render, workers, phases);
  if (renderSeconds === null) return undefined;
  return { renderSeconds: round(renderSeconds), stitchSeconds: round(stitchSeconds), basis };
}

/** A plan's chunks on the fleet now: each chunk's slot-seconds, the render spread over the slots, the stitch. */
function priceRender(
  render: Pick<RenderPlan, 'plan' | 'chunks'>,
  workers: readonly WorkerHeartbeat[],
  phases: PhaseCosts = DEFAULT_PHASE_COSTS,
) {
  const { plan } = render;
  const pipeline = pipelineKey({
    upscale: plan.models?.upscale?.id,
    interpolate: plan.models?.interpolate?.id,
  });
  const priced = priceChunks(render.chunks, pipeline, workers, plan.width * plan.height);
  const workerSlots = workers.reduce((sum, worker) => sum + worker.concurrency, 0);
  return {
    pipeline,
    basis: priced.basis,
    chunkSeconds: priced.seconds,
    workerSlots,
    /** Null with no live worker. */
    renderSeconds: workerSlots === 0 ? null : makespan(priced.seconds, workerSlots),
    stitchSeconds: costOf(phases.stitch, plan.framesTotal),
    phaseCosts: phases,
  };
}

/** Each chunk's seconds on one slot, from the best figures the fleet has. */
function priceChunks(
  chunks: readonly ChunkPayload[],
  pipeline: string,
  workers: readonly WorkerHeartbeat[],
  pixelsPerFrame: number,
): { seconds: number[]; basis: Quote['throughput']['basis'] } {
  const outputPixels = chunks.map(
    (chunk) => (chunk.outputEnd - chunk.outputStart) * pixelsPerFrame,
  );
  const measured = workers.flatMap((worker) =>
    (worker.throughput ?? []).filter((t) => t.pipeline === pipeline && t.outputPixelsPerSecond > 0),
  );
  if (measured.length > 0) {
    const mean = measured.reduce((sum, t) => sum + t.outputPixelsPerSecond, 0) / measured.length;
    return { seconds: outputPixels.map((p) => p / mean), basis: 'measured' };
  }
  const calibrations = workers.flatMap((worker) =>
    worker.calibration && chunks.every((chunk) => canPrice(chunk, worker.calibration!))
      ? [worker.calibration]
      : [],
  );
  if (calibrations.length > 0) {
    const seconds = chunks.map(
      (chunk) =>
        calibrations.reduce((sum, c) => sum + calibratedSeconds(chunk, c), 0) / calibrations.length,
    );
    return { seconds, basis: 'calibrated' };
  }
  const builtins = new Set(MODEL_CATALOG.map((model) => model.id));
  const onlyBuiltins = pipeline
    .split('+')
    .every((part) => part === 'copy' || builtins.has(part.slice(part.indexOf(':') + 1)));
  const estimate = ESTIMATED_PIXELS_PER_SECOND[onlyBuiltins ? 'builtin' : 'model'];
  return { seconds: outputPixels.map((p) => p / estimate), basis: 'estimate' };
}

function canPrice(chunk: ChunkPayload, calibration: WorkerCalibration): boolean {
  const has = (id: string | undefined) =>
    id === undefined || calibration.models.some((model) => model.id === id);
  return has(chunk.upscale?.model) && has(chunk.interpolate?.model);
}

/**
 * One chunk on one slot from a start-up calibration, frame by frame as the worker renders
 * it: the decoder and the encoder's start, every interpolated frame through the VFI model
 * at source size, every distinct source frame and every interpolated one through the SR
 * model, and every output frame through the encoder.
 */
export function calibratedSeconds(chunk: ChunkPayload, calibration: WorkerCalibration): number {
  const ops = chunkFrameOps(
    createRetiming(chunk.sourceFrames, chunk.sourceFps, chunk.targetFps),
    chunk,
    chunk.cutsAfter,
    chunk.repeats,
  );
  const interpolated = ops.filter((op) => op.kind === 'interpolate').length;
  const copiedSources = new Set(ops.flatMap((op) => (op.kind === 'copy' ? [op.source] : []))).size;
  const sourcePixels = chunk.sourceWidth * chunk.sourceHeight;
  const speed = (id: string) => calibration.models.find((model) => model.id === id)!;
  const run = (id: string, pixels: number) => {
    const model = speed(id);
    return model.baseSeconds + model.secondsPerOutputPixel * pixels;
  };
  let seconds = calibration.chunkOverheadSeconds;
  if (chunk.interpolate) seconds += interpolated * run(chunk.interpolate.model, sourcePixels);
  if (chunk.upscale) {
    const factor = chunk.upscale.factor;
    seconds +=
      (copiedSources + interpolated) * run(chunk.upscale.model, sourcePixels * factor * factor);
  }
  const encodedPixels = ops.length * chunk.output.width * chunk.output.height;
  return seconds + encodedPixels / calibration.codecPixelsPerSecond;
}

/** Longest chunk first onto the least-loaded slot, as the queue hands chunks out. */
function makespan(seconds: readonly number[], slots: number): number {
  const loads = new Array<number>(slots).fill(0);
  for (const s of [...seconds].sort((a, b) => b - a)) {
    const least = loads.indexOf(Math.min(...loads));
    loads[least] = loads[least]! + s;
  }
  return Math.max(...loads);
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
