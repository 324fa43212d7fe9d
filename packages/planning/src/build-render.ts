import type {
  ChunkPayload,
  JobRequest,
  PlanSummary,
  SourceSummary,
  StitchPayload,
} from '@remaster/jobs';
import type { ChosenModel, ModelCatalog } from '@remaster/jobs';
import { chooseModel } from '@remaster/jobs';
import type { OutputBitDepth, SourceInfo } from '@remaster/media';
import { CODEC_CRF, planColour, sourceOutputBitDepth } from '@remaster/media';
import type { ChunkPlan, Rational } from '@remaster/retiming';
import { chunkContext, fallbackKeyframes, formatRational, planChunks } from '@remaster/retiming';
import type { OutputSize } from './output-size.js';
import { planOutputSize } from './output-size.js';
import { targetRate } from './output-rate.js';
import { chunkRestore, restoresFrames } from './restore/chunk-restore.js';
import type { RestorePlan } from './restore/plan-restore.js';
import type { TimelineFrames } from './restore/restored-frames.js';
import { previewFrames, timelineFrames } from './restore/restored-frames.js';
import { plannedStills } from './planned-stills.js';

export interface RenderPlan {
  readonly source: SourceSummary;
  readonly plan: PlanSummary;
  readonly stitch: StitchPayload;
  readonly chunks: ChunkPayload[];
}

export interface BuildRenderInput {
  readonly jobId: string;
  readonly request: JobRequest;
  /** Where the pipeline reads the source: the bucket's copy of an http(s) input; default the request's. */
  readonly inputUrl?: string;
  readonly source: SourceInfo;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
  /** First frames of new scenes; empty when detection is off. */
  readonly sceneCuts?: readonly number[];
  /** Source frames that repeat the one before (`interpolate.dedupe`); absent when not asked. */
  readonly repeats?: readonly number[];
  /** Set when chunks read a constant-rate intermediate instead of the source. */
  readonly normalised?: { readonly reason: string; readonly inputUrl: string };
  /** The models jobs may name (the registry); the built-ins when absent. */
  readonly models?: ModelCatalog;
  /** The planner's sequential decode of what chunks read; frames are not checked when absent. */
  readonly frames?: SourceFrameFacts;
  /** The source's restoration (planRestore); the source's own frames when absent. */
  readonly restore?: RestorePlan;
}

/** What the planner's pass over the frames found (see plan-job's readFrames). */
export interface SourceFrameFacts {
  /** Digest of every source frame, by index. */
  readonly digests: readonly string[];
  /** Display-order keyframes: where a decode may start. */
  readonly keyframes: readonly number[];
  readonly emptyIndexEntries: number;
  readonly decoderMessages: readonly string[];
}

/** Pure: from the request and the probed source to the payloads of the render flow. */
export function buildRender(input: BuildRenderInput): RenderPlan {
  const { request, source, jobId } = input;
  // Retiming and chunks count restored frames: the source's own when nothing restores them.
  const timeline = timelineFrames({
    source,
    restore: input.restore,
    sceneCuts: input.sceneCuts ?? [],
    repeats: input.repeats ?? [],
  });
  const targetFps = targetRate(timeline.fps, request.interpolate);
  const cutsAfter = timeline.sceneCuts.map((frame) => frame - 1);
  const range = request.preview && previewFrames(request.preview, timeline);
  const chunkPlan = planChunks({
    cutsAfter,
    sourceFrames: timeline.frames,
    sourceFps: timeline.fps,
    targetFps,
    chunkFrames: request.chunk?.frames ?? input.defaultChunkFrames,
    maxChunks: input.maxChunks,
    repeats: timeline.repeats,
    ...(range && { range }),
  });
  const outputs = {
    start: chunkPlan.chunks[0]?.outputStart ?? 0,
    end: chunkPlan.chunks.at(-1)?.outputEnd ?? 0,
  };
  const size = planOutputSize(source, request.upscale, request.output.codec, input.models);
  const bitDepth = outputBitDepth(request, source);
  // Repeated frames are replaced by interpolated ones even when the rate stays.
  const interpolate =
    changesRate(chunkPlan) || timeline.repeats.length > 0
      ? chooseModel(request.interpolate?.model, { kind: 'vfi', catalog: input.models })
      : undefined;
  const stills =
    input.frames &&
    plannedStills({
      frames: input.frames,
      timeline,
      restore: input.restore,
      targetFps,
      outputs,
    });
  const previewStart = (outputs.start * targetFps.den) / targetFps.num;
  const stitch: StitchPayload = {
    jobId,
    inputUrl: input.inputUrl ?? request.input.url,
    chunkCount: chunkPlan.chunks.length,
    outputFrames: outputs.end - outputs.start,
    width: size.width,
    height: size.height,
    fps: targetFps,
    container: request.output.container,
    ...(stills && { stillSources: stills }),
    source: {
      audioCodec: source.audioCodec,
      // A preview's audio starts where its first frame is.
      videoOffsetSeconds:
        Math.max(0, source.startTime - (source.formatStartTime ?? 0)) + (range ? previewStart : 0),
      audioDurationSeconds: source.audioDurationSeconds,
      subtitleCodecs: [...(source.subtitleCodecs ?? [])],
    },
  };
  return {
    source: {
      ...summarizeSource(source),
      sceneCuts: input.sceneCuts?.slice(0, 1000),
      repeatedFrames: input.repeats && {
        count: input.repeats.length,
        first: input.repeats.slice(0, 1000),
      },
      normalised: input.normalised && {
        reason: input.normalised.reason,
        fps: formatRational(source.fps),
      },
      ...frameFacts(input.frames),
    },
    plan: {
      chunksTotal: chunkPlan.chunks.length,
      framesTotal: outputs.end - outputs.start,
      width: size.width,
      height: size.height,
      fps: formatRational(targetFps),
      bitDepth,
      models: {
        ...(size.model && { upscale: { id: size.model.id, chosenBy: size.model.chosenBy } }),
        ...(interpolate && { interpolate }),
      },
      ...(input.restore && { restore: input.restore.summary }),
      ...(range &&
        request.preview && {
          preview: {
            start: request.preview.start,
            seconds: request.preview.seconds,
            frames: range,
          },
        }),
    },
    stitch,
    chunks: chunkPayloads({
      input,
      plan: chunkPlan,
      timeline,
      targetFps,
      cutsAfter,
      size,
      bitDepth,
      interpolate,
      stills: stills ?? [],
    }),
  };
}

interface ChunkPayloadsInput {
  readonly input: BuildRenderInput;
  readonly plan: ChunkPlan;
  readonly timeline: TimelineFrames;
  /** The stills the stitcher shows: chunks holding a restored one write its JPEG. */
  readonly stills: NonNullable<StitchPayload['stillSources']>;
  readonly targetFps: Rational;
  readonly cutsAfter: readonly number[];
  readonly size: OutputSize;
  readonly bitDepth: OutputBitDepth;
  readonly interpolate: ChosenModel | undefined;
}

/** Interpolation runs only when the rate changes; a 1:1 retiming copies every frame. */
function changesRate(plan: ChunkPlan): boolean {
  return plan.retiming.ratio.num !== plan.retiming.ratio.den;
}

function chunkPayloads({
  input,
  plan,
  timeline,
  stills,
  targetFps,
  cutsAfter,
  size,
  bitDepth,
  interpolate,
}: ChunkPayloadsInput): ChunkPayload[] {
  const { jobId, request, source } = input;
  const { codec } = request.output;
  const output = {
    codec,
    crf: request.output.crf ?? CODEC_CRF[codec].default,
    width: size.width,
    height: size.height,
    bitDepth,
  };
  const colour = planColour(source.colour, source.height);
  const context = { sourceFrames: timeline.frames, cutsAfter, repeats: timeline.repeats };
  const restore = restoresFrames(input.restore) ? input.restore : undefined;
  const firstChunkDecoding = (frame: number) =>
    plan.chunks.find((c) => c.decodeStart <= frame && frame < c.decodeEnd)?.index ?? -1;
  return plan.chunks.map((chunk) => {
    // Only the cuts and repeats this chunk's frames can meet.
    const near = chunkContext(chunk, context);
    const restored =
      restore &&
      chunkRestore(restore, chunk, {
        jobId,
        sourceFps: source.fps,
        stills,
        firstChunkOf: firstChunkDecoding,
      });
    // Digests and entry points count source frames: from the restoration's span when there is one.
    const decodeFrom = restored?.sourceStart ?? chunk.decodeStart;
    const decodeTo = restored?.sourceEnd ?? chunk.decodeEnd;
    return {
      jobId,
      index: chunk.index,
      inputUrl: input.normalised?.inputUrl ?? input.inputUrl ?? request.input.url,
      sourceWidth: source.width,
      sourceHeight: source.height,
      sourceFrames: timeline.frames,
      sourceFps: timeline.fps,
      targetFps,
      sourceStart: chunk.sourceStart,
      sourceEnd: chunk.sourceEnd,
      decodeStart: chunk.decodeStart,
      decodeEnd: chunk.decodeEnd,
      ...(input.frames && {
        frameDigests: input.frames.digests.slice(decodeFrom, decodeTo),
        entryFrames: fallbackKeyframes(input.frames.keyframes, decodeFrom),
      }),
      outputStart: chunk.outputStart,
      outputEnd: chunk.outputEnd,
      cutsAfter: near.cutsAfter,
      ...(near.repeats.length > 0 && { repeats: near.repeats }),
      upscale: size.model && { model: size.model.id, factor: size.model.factor },
      interpolate: interpolate && { model: interpolate.id },
      ...(restored && { restore: restored }),
      output,
      colour: { matrix: colour.matrix, range: colour.range, tags: { ...colour.tags } },
    };
  });
}

function frameFacts(frames: SourceFrameFacts | undefined): Partial<SourceSummary> {
  if (!frames) return {};
  const messages = frames.decoderMessages;
  return {
    ...(frames.emptyIndexEntries > 0 && { emptyIndexEntries: frames.emptyIndexEntries }),
    ...(messages.length > 0 && {
      decoderMessages: { count: messages.length, first: messages.slice(0, 10) },
    }),
  };
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
    pixelFormat: source.pixelFormat,
    bitDepth: source.bitDepth,
  };
}

/** The request's depth, else 10 for sources above 8 bits (12-bit ones come out 10-bit), else 8. */
function outputBitDepth(
  request: Pick<JobRequest, 'output'>,
  source: Pick<SourceInfo, 'bitDepth'>,
): OutputBitDepth {
  return request.output.bitDepth ?? sourceOutputBitDepth(source.bitDepth);
}
