import type {
  ChunkPayload,
  JobRequest,
  PlanSummary,
  SourceSummary,
  StitchPayload,
} from '@remaster/jobs';
import { TerminalFailure, defaultModel } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import type { ChunkPlan, Rational } from '@remaster/retiming';
import { formatRational, planChunks } from '@remaster/retiming';
import { targetRate } from './target-rate.js';

export interface RenderPlan {
  readonly source: SourceSummary;
  readonly plan: PlanSummary;
  readonly stitch: StitchPayload;
  readonly chunks: ChunkPayload[];
}

export interface BuildRenderInput {
  readonly jobId: string;
  readonly request: JobRequest;
  readonly source: SourceInfo;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
  /** First frames of new scenes; empty when detection is off. */
  readonly sceneCuts?: readonly number[];
}

/** Pure: from the request and the probed source to the payloads of the render flow. */
export function buildRender(input: BuildRenderInput): RenderPlan {
  const { request, source, jobId } = input;
  const targetFps = targetRate(source.fps, request.interpolate);
  const cutsAfter = (input.sceneCuts ?? []).map((frame) => frame - 1);
  const chunkPlan = planChunks({
    cutsAfter,
    sourceFrames: source.frames,
    sourceFps: source.fps,
    targetFps,
    chunkFrames: request.chunk?.frames ?? input.defaultChunkFrames,
    maxChunks: input.maxChunks,
  });
  const factor = request.upscale?.factor ?? 1;
  const width = source.width * factor;
  const height = source.height * factor;
  if (width % 2 !== 0 || height % 2 !== 0) {
    throw new TerminalFailure(
      'INPUT_UNSUPPORTED',
      `the output would be ${width}x${height}; h264 in yuv420p needs even sizes: add upscale factor 2 or 4, or crop the source to even dimensions`,
    );
  }
  const stitch: StitchPayload = {
    jobId,
    inputUrl: request.input.url,
    chunkCount: chunkPlan.chunks.length,
    outputFrames: chunkPlan.retiming.outputFrames,
    width,
    height,
    fps: targetFps,
    hasAudio: source.hasAudio,
    audioCodec: source.audioCodec,
    container: request.output.container,
  };
  return {
    source: { ...summarizeSource(source), sceneCuts: input.sceneCuts?.slice(0, 1000) },
    plan: {
      chunksTotal: chunkPlan.chunks.length,
      framesTotal: chunkPlan.retiming.outputFrames,
      width,
      height,
      fps: formatRational(targetFps),
    },
    stitch,
    chunks: chunkPayloads(input, chunkPlan, targetFps, cutsAfter),
  };
}

function chunkPayloads(
  { jobId, request, source }: BuildRenderInput,
  plan: ChunkPlan,
  targetFps: Rational,
  cutsAfter: readonly number[],
): ChunkPayload[] {
  const upscale = request.upscale && {
    factor: request.upscale.factor,
    model: request.upscale.model ?? defaultModel('sr', request.upscale.factor),
  };
  const changesRate = plan.retiming.ratio.num !== plan.retiming.ratio.den;
  const interpolate = changesRate
    ? { model: request.interpolate?.model ?? defaultModel('vfi') }
    : undefined;
  return plan.chunks.map((chunk) => ({
    jobId,
    index: chunk.index,
    inputUrl: request.input.url,
    sourceWidth: source.width,
    sourceHeight: source.height,
    sourceFrames: source.frames,
    sourceFps: source.fps,
    targetFps,
    sourceStart: chunk.sourceStart,
    sourceEnd: chunk.sourceEnd,
    decodeEnd: chunk.decodeEnd,
    outputStart: chunk.outputStart,
    outputEnd: chunk.outputEnd,
    // Only the cuts this chunk's frames can meet.
    cutsAfter: cutsAfter.filter((cut) => cut >= chunk.sourceStart && cut < chunk.decodeEnd),
    upscale,
    interpolate,
    output: { codec: request.output.codec, crf: request.output.crf },
  }));
}

function summarizeSource(source: SourceInfo): SourceSummary {
  return {
    width: source.width,
    height: source.height,
    fps: formatRational(source.fps),
    frames: source.frames,
    durationSeconds: source.durationSeconds,
    hasAudio: source.hasAudio,
    videoCodec: source.videoCodec,
  };
}
