// POST /v1/quotes: what a job would produce and cost, before anything runs. The plan is the
// one the planner would make (buildRender on the probed source); times come from the
// throughput workers measure and publish (see docs/api.md, "Quotes").
import type { ChosenModel, JobRequest, ModelCatalog, WorkerHeartbeat } from '@remaster/jobs';
import { MODEL_CATALOG, pipelineKey } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { CODEC_CRF } from '@remaster/media';
import { buildRender } from './build-render.js';

/**
 * Output pixels per second per worker slot assumed for a pipeline no live worker has
 * measured yet: built-in models only (measured here on CPU: see docs/api.md, "Quotes"), and any other model.
 */
export const ESTIMATED_PIXELS_PER_SECOND = { builtin: 3_000_000, model: 300_000 } as const;
/** Planning (probe, scene scan) and stitching, added to the render time of a quote. */
export const OVERHEAD_SECONDS = 1;
/** Bits per output pixel per frame at each codec's default CRF; halves every 6 CRF up. */
const BITS_PER_PIXEL = { h264: 0.12, hevc: 0.07, av1: 0.05 } as const;

export interface Quote {
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly fps: string;
  readonly chunks: number;
  readonly models: { upscale?: ChosenModel; interpolate?: ChosenModel };
  /** Render seconds summed over chunks, as one worker slot spends them. */
  readonly gpuSeconds: number;
  /** Render time spread over the fleet's slots (longest chunk first) plus OVERHEAD_SECONDS; null with no worker. */
  readonly wallSeconds: number | null;
  /** Worker slots (processes × WORKER_CONCURRENCY) live now. */
  readonly workerSlots: number;
  readonly outputBytes: number;
  readonly throughput: {
    readonly pipeline: string;
    readonly outputPixelsPerSecond: number;
    /** `measured`: the average of the live workers' published figure; `estimate`: none has one. */
    readonly basis: 'measured' | 'estimate';
  };
}

export interface QuoteInput {
  readonly request: JobRequest;
  readonly source: SourceInfo;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
  readonly models?: ModelCatalog;
  readonly workers: readonly WorkerHeartbeat[];
}

/** Pure: the quote of a request on a probed source, at the fleet's measured speed. */
export function quoteJob(input: QuoteInput): Quote {
  const render = buildRender({
    jobId: 'quote',
    request: input.request,
    source: input.source,
    defaultChunkFrames: input.defaultChunkFrames,
    maxChunks: input.maxChunks,
    ...(input.models ? { models: input.models } : {}),
  });
  const { plan } = render;
  const models = plan.models ?? {};
  const pipeline = pipelineKey({
    upscale: models.upscale?.id,
    interpolate: models.interpolate?.id,
  });
  const throughput = fleetThroughput(pipeline, input.workers);
  const pixels = plan.width * plan.height;
  const chunkSeconds = render.chunks.map(
    (chunk) => ((chunk.outputEnd - chunk.outputStart) * pixels) / throughput.outputPixelsPerSecond,
  );
  const workerSlots = input.workers.reduce((sum, worker) => sum + worker.concurrency, 0);
  const { codec } = input.request.output;
  const crf = input.request.output.crf ?? CODEC_CRF[codec].default;
  const bitsPerPixel = BITS_PER_PIXEL[codec] * 2 ** ((CODEC_CRF[codec].default - crf) / 6);
  return {
    ...{ frames: plan.framesTotal, width: plan.width, height: plan.height, fps: plan.fps },
    chunks: plan.chunksTotal,
    models,
    gpuSeconds: round(chunkSeconds.reduce((sum, s) => sum + s, 0)),
    wallSeconds:
      workerSlots === 0 ? null : round(makespan(chunkSeconds, workerSlots) + OVERHEAD_SECONDS),
    workerSlots,
    outputBytes: Math.round((plan.framesTotal * pixels * bitsPerPixel) / 8),
    throughput: { pipeline, ...throughput },
  };
}

function fleetThroughput(
  pipeline: string,
  workers: readonly WorkerHeartbeat[],
): { outputPixelsPerSecond: number; basis: 'measured' | 'estimate' } {
  const measured = workers.flatMap((worker) =>
    (worker.throughput ?? []).filter((t) => t.pipeline === pipeline && t.outputPixelsPerSecond > 0),
  );
  if (measured.length > 0) {
    const mean = measured.reduce((sum, t) => sum + t.outputPixelsPerSecond, 0) / measured.length;
    return { outputPixelsPerSecond: Math.round(mean), basis: 'measured' };
  }
  const builtins = new Set(MODEL_CATALOG.map((model) => model.id));
  const onlyBuiltins = pipeline
    .split('+')
    .every((part) => part === 'copy' || builtins.has(part.slice(part.indexOf(':') + 1)));
  return {
    outputPixelsPerSecond: ESTIMATED_PIXELS_PER_SECOND[onlyBuiltins ? 'builtin' : 'model'],
    basis: 'estimate',
  };
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
