import type { JobRecord } from '@remaster/jobs';
import { JOB_STATUSES, restoreRequestSchema } from '@remaster/jobs';
import { z } from 'zod';
import type { Comparison } from './job-report.js';
import { comparisonSchema, jobReportSchema, toJobReport } from './job-report.js';
import { jobPlanSchema, jobPreviewSchema, toJobPlan, toJobPreview } from './restore-view.js';

/** `{ code, message }`: why a job failed, and the body of every API error. */
export const errorBodySchema = z.object({ code: z.string(), message: z.string() });

export const chosenModelSchema = z.object({
  id: z.string(),
  chosenBy: z.enum(['request', 'default', 'builtin']),
});

export const jobResponseSchema = z
  .object({
    id: z.string(),
    status: z.enum(JOB_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    input: z.object({ url: z.string() }),
    upscale: z
      .object({
        factor: z.number().optional(),
        height: z.number().optional(),
        model: z.string().optional(),
      })
      .optional(),
    interpolate: z
      .object({
        fps: z.union([z.number(), z.string()]).optional(),
        factor: z.union([z.number(), z.string()]).optional(),
        model: z.string().optional(),
        dedupe: z.boolean().optional(),
      })
      .optional(),
    restore: restoreRequestSchema
      .optional()
      .describe(
        "The job's restoration settings, every default filled in (absent on jobs submitted before restoration existed)",
      ),
    preview: jobPreviewSchema.optional(),
    source: z
      .object({
        width: z.number(),
        height: z.number(),
        fps: z.string(),
        frames: z.number(),
        durationSeconds: z.number(),
        hasAudio: z.boolean(),
        pixelFormat: z.string().optional().describe("ffprobe's pix_fmt, e.g. yuv420p10le"),
        bitDepth: z
          .number()
          .optional()
          .describe('Bits per sample; sources above 8 bits are encoded 10-bit by default'),
        normalised: z
          .object({ reason: z.string(), fps: z.string() })
          .optional()
          .describe(
            'Set when the source was first turned into a constant-rate intermediate (variable frame rate, inexact seeking)',
          ),
        sceneCuts: z
          .array(z.number())
          .optional()
          .describe('First frames of new scenes found when interpolating (at most 1000)'),
        repeatedFrames: z
          .object({ count: z.number(), first: z.array(z.number()) })
          .optional()
          .describe(
            'With interpolate.dedupe: how many source frames repeat the one before (treated as missing), and the first 1000 of them',
          ),
        emptyIndexEntries: z
          .number()
          .optional()
          .describe(
            'Index entries or timestamp slots of a whole file that hold no frame (AVI drop chunks, gaps): the source is retimed by its timestamps, the frame before held there',
          ),
        decoderMessages: z
          .object({ count: z.number(), first: z.array(z.string()) })
          .optional()
          .describe(
            'What the decoder said while the planner decoded the source from its start (usually frames before the first keyframe that it skipped), and the first 10 lines',
          ),
      })
      .optional(),
    models: z
      .object({
        upscale: chosenModelSchema.optional(),
        interpolate: chosenModelSchema.optional(),
      })
      .optional()
      .describe(
        'Once planned: the model each operation runs, and whether the job named it, a configured default (DEFAULT_SR_MODEL / DEFAULT_VFI_MODEL, manifest default) or the built-in fallback chose it',
      ),
    plan: jobPlanSchema.optional(),
    progress: z.object({
      percent: z.number().describe('0–100; rendering counts for 95, stitching for the rest'),
      framesDone: z.number(),
      framesTotal: z.number().optional(),
      chunksDone: z.number(),
      chunksTotal: z.number().optional(),
      fps: z
        .number()
        .optional()
        .describe('Output frames rendered per second since rendering began'),
      etaSeconds: z
        .number()
        .optional()
        .describe(
          'Seconds until the job completes: the prediction made when it was planned, less the time spent, weighed against the rate measured so far as frames are done',
        ),
      chunks: z
        .array(
          z.object({
            index: z.number(),
            state: z.enum(['pending', 'rendering', 'done']),
            framesDone: z.number(),
          }),
        )
        .optional()
        .describe('Every chunk of the plan and its state'),
    }),
    webhook: z.object({ url: z.string(), events: z.array(z.string()).optional() }).optional(),
    output: z
      .object({
        url: z
          .string()
          .describe('Presigned GET URL: download it with no further auth before it expires'),
        urlExpiresAt: z.string(),
        container: z.string(),
        width: z.number(),
        height: z.number(),
        fps: z.string(),
        frames: z.number(),
        durationSeconds: z.number(),
        sizeBytes: z.number(),
        pixelFormat: z.string().optional().describe('As probed in the output, e.g. yuv420p10le'),
        bitDepth: z.number().optional().describe('Bits per sample of the output video: 8 or 10'),
      })
      .optional(),
    error: errorBodySchema.optional(),
    waitingFor: z
      .object({ role: z.string(), queue: z.string(), message: z.string() })
      .optional()
      .describe(
        'Set while the job waits for a role that no process runs (e.g. no worker): start one and the job moves on',
      ),
    report: jobReportSchema
      .optional()
      .describe(
        'Restoration report: whether it is a preview, the restoration decisions, scene cuts, frames copied/interpolated, models and providers that ran, phase times',
      ),
    comparison: comparisonSchema
      .optional()
      .describe(
        'Before/after of a completed job: stills of source (raw and, with restoration, restored) and output at the same instants',
      ),
  })
  .describe('Job');

export type JobResponse = z.infer<typeof jobResponseSchema>;

export interface PresignedOutput {
  readonly url: string;
  readonly expiresAt: string;
}

/** The public view of a job record at time `now`. */
export function toJobResponse(
  record: JobRecord,
  presigned?: PresignedOutput,
  now: Date = new Date(),
  comparison?: Comparison,
): JobResponse {
  const { request, plan, output, source } = record;
  return {
    id: record.id,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    input: request.input,
    upscale: request.upscale,
    interpolate: request.interpolate,
    restore: request.restore,
    preview: toJobPreview(record),
    source: source && {
      width: source.width,
      height: source.height,
      fps: source.fps,
      frames: source.frames,
      durationSeconds: source.durationSeconds,
      hasAudio: source.hasAudio,
      pixelFormat: source.pixelFormat,
      bitDepth: source.bitDepth,
      sceneCuts: source.sceneCuts && [...source.sceneCuts],
      normalised: source.normalised,
      repeatedFrames: source.repeatedFrames && {
        count: source.repeatedFrames.count,
        first: [...source.repeatedFrames.first],
      },
      emptyIndexEntries: source.emptyIndexEntries,
      decoderMessages: source.decoderMessages && {
        count: source.decoderMessages.count,
        first: [...source.decoderMessages.first],
      },
    },
    models: plan?.models && { ...plan.models },
    plan: toJobPlan(record),
    progress: {
      percent: percentDone(record),
      framesDone: record.progress.framesDone,
      framesTotal: plan?.framesTotal,
      chunksDone: record.progress.chunksDone,
      chunksTotal: plan?.chunksTotal,
      ...renderRate(record, now),
      chunks: plan && chunkStates(record, plan.chunksTotal),
    },
    webhook: request.webhook,
    output: output &&
      presigned && { ...withoutKey(output), url: presigned.url, urlExpiresAt: presigned.expiresAt },
    error: record.error,
    report: toJobReport(record),
    comparison,
  };
}

function withoutKey<T extends { key: string; stills?: unknown }>(
  value: T,
): Omit<T, 'key' | 'stills'> {
  const { key: _key, stills: _stills, ...rest } = value;
  return rest;
}

/** Rendering is 95 % of the work, stitching the last 5 %. */
export function percentDone(record: JobRecord): number {
  if (record.status === 'completed') return 100;
  if (record.status === 'stitching') return 95;
  const total = record.plan?.framesTotal;
  if (!total) return 0;
  return Math.min(95, Math.floor((95 * record.progress.framesDone) / total));
}

/**
 * Output frames/s since rendering began, and the seconds until the job completes: the plan's
 * prediction (the quote's figures when it was planned) less the time spent, leaning on the
 * rate measured so far as more of the frames are done (at half the frames, half each).
 * Without a prediction, the measured rate alone.
 */
export function renderRate(record: JobRecord, now: Date): { fps?: number; etaSeconds?: number } {
  const total = record.plan?.framesTotal;
  const { framesDone } = record.progress;
  if (record.status !== 'processing' || !record.startedAt || !total) return {};
  const seconds = (now.getTime() - Date.parse(record.startedAt)) / 1000;
  if (seconds <= 0) return {};
  const predicted = record.plan?.predicted;
  const predictedLeft = predicted && Math.max(0, predicted.renderSeconds - seconds);
  if (framesDone === 0)
    return predicted ? { etaSeconds: Math.ceil(predictedLeft! + predicted.stitchSeconds) } : {};
  const fps = framesDone / seconds;
  const measuredLeft = Math.max(0, total - framesDone) / fps;
  const done = framesDone / total;
  const renderLeft =
    predictedLeft === undefined ? measuredLeft : (1 - done) * predictedLeft + done * measuredLeft;
  return {
    fps: Math.round(fps * 100) / 100,
    etaSeconds: Math.ceil(renderLeft + (predicted?.stitchSeconds ?? 0)),
  };
}

function chunkStates(record: JobRecord, chunksTotal: number) {
  const known = new Map(record.progress.chunks.map((chunk) => [chunk.index, chunk]));
  return Array.from({ length: chunksTotal }, (_, index) => {
    const chunk = known.get(index);
    return chunk
      ? { index, state: chunk.state, framesDone: chunk.framesDone }
      : { index, state: 'pending' as const, framesDone: 0 };
  });
}
