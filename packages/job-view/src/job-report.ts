import type { ChunkReport, JobRecord, StillRecord } from '@remaster/jobs';
import { z } from 'zod';
import {
  reportPreviewSchema,
  restorationStepSchema,
  restorationSteps,
  toReportPreview,
} from './restore-view.js';

const modelRunSchema = z.object({
  id: z.string(),
  kind: z.enum(['sr', 'vfi']),
  provider: z
    .string()
    .describe('Execution provider the model actually ran on, as the worker reported it'),
});

export const jobReportSchema = z
  .object({
    preview: reportPreviewSchema
      .optional()
      .describe('Set on a preview: the span rendered; the output is not the whole film'),
    restoration: z
      .array(restorationStepSchema)
      .describe(
        "The plan's restoration decisions in words: fields (deinterlace, inverse telecine), frames after restoration, deflicker, denoise, deblock and notes (asked for and not done); empty for a plan without restoration",
      ),
    sceneCuts: z
      .array(z.object({ frame: z.number(), seconds: z.number() }))
      .describe('Scene cuts found: the first source frame of each new scene and its time'),
    frames: z
      .object({
        copied: z.number().describe('Output frames copied from a source frame'),
        interpolated: z.number().describe('Output frames made by the interpolation model'),
      })
      .describe('Totals over the chunks done so far'),
    framesVerified: z
      .number()
      .describe(
        "Source frames the workers checked against the planner's sequential decode (each frame a chunk read is its own decoded frame)",
      ),
    models: z
      .array(modelRunSchema.extend({ chunks: z.number().describe('Chunks it ran in') }))
      .describe('Each model and execution provider that ran, as the workers recorded it'),
    renderFps: z
      .number()
      .optional()
      .describe('Output frames per second over the whole render phase, once it has ended'),
    phases: z
      .object({
        planSeconds: z.number().optional().describe('Probe, scene detection, chunk plan'),
        renderSeconds: z.number().optional().describe('First chunk queued to last chunk done'),
        stitchSeconds: z.number().optional().describe('Concatenation, audio, stills, upload'),
      })
      .describe('Wall time of each phase that has ended'),
    chunks: z
      .array(
        z.object({
          index: z.number(),
          framesCopied: z.number(),
          framesInterpolated: z.number(),
          renderSeconds: z.number(),
          models: z.array(modelRunSchema),
          framesVerified: z
            .number()
            .optional()
            .describe("Source frames checked against the planner's sequential decode"),
          redecoded: z
            .object({ from: z.number(), attempts: z.number() })
            .optional()
            .describe(
              "Set when a decode from the chunk start gave frames that were not the source's own (an open GOP): the keyframe the accepted decode started from, and how many decodes it took",
            ),
        }),
      )
      .describe('What each chunk done so far ran (the last attempt of a retried chunk)'),
  })
  .describe('JobReport');

export const comparisonSchema = z
  .object({
    sourceUrl: z
      .string()
      .optional()
      .describe(
        "The source video for a side-by-side player: an http(s) input as given, or the tenant's own upload presigned; absent for other s3:// inputs",
      ),
    stills: z.array(
      z.object({
        seconds: z.number().describe('Time of the output frame'),
        outputFrame: z.number(),
        sourceFrame: z.number().describe('The source frame copied, or the nearer one blended'),
        kind: z.enum(['copied', 'interpolated']),
        interpolatedFrom: z
          .object({ a: z.number(), b: z.number(), t: z.number() })
          .optional()
          .describe('Source frames a → b and the timestep t that made this output frame'),
        sourceUrl: z.string().describe('Presigned JPEG of the source frame'),
        outputUrl: z.string().describe('Presigned JPEG of the output frame'),
        restoredFrame: z
          .number()
          .optional()
          .describe('With restoration: the restored frame shown (what the models were given)'),
        restoredUrl: z
          .string()
          .optional()
          .describe(
            'With restoration: presigned JPEG of that restored frame, to show between the raw source and the output',
          ),
      }),
    ),
  })
  .describe('Comparison');

export type JobReport = z.infer<typeof jobReportSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;

/** What the service found and did for a job so far; absent before it is planned. */
export function toJobReport(record: JobRecord): JobReport | undefined {
  const { source, plan } = record;
  if (!source || !plan) return undefined;
  const chunks = record.chunkReports ?? [];
  const renderSeconds = between(record.startedAt, record.stitchingAt);
  const preview = toReportPreview(record);
  return {
    ...(preview && { preview }),
    restoration: restorationSteps(plan.restore),
    sceneCuts: (source.sceneCuts ?? []).map((frame) => ({
      frame,
      seconds: round(frame / rateOf(source.fps), 3),
    })),
    frames: {
      copied: sum(chunks, (c) => c.framesCopied),
      interpolated: sum(chunks, (c) => c.framesInterpolated),
    },
    framesVerified: sum(chunks, (c) => c.framesVerified ?? 0),
    models: modelTotals(chunks),
    ...(renderSeconds ? { renderFps: round(plan.framesTotal / renderSeconds, 2) } : {}),
    phases: {
      planSeconds: between(record.planningAt, record.startedAt),
      renderSeconds,
      stitchSeconds:
        record.status === 'completed' ? between(record.stitchingAt, record.endedAt) : undefined,
    },
    chunks: chunks.map((c) => ({
      index: c.index,
      framesCopied: c.framesCopied,
      framesInterpolated: c.framesInterpolated,
      renderSeconds: c.renderSeconds,
      models: c.models.map((m) => ({ id: m.id, kind: m.kind, provider: m.provider })),
      ...(c.framesVerified === undefined ? {} : { framesVerified: c.framesVerified }),
      ...(c.redecoded && { redecoded: { ...c.redecoded } }),
    })),
  };
}

/** The stills with presigned URLs, and the source for the player; only once the job completed. */
export async function toComparison(
  record: JobRecord,
  presign: (key: string) => Promise<string>,
  sourceUrl: string | undefined,
): Promise<Comparison | undefined> {
  if (record.status !== 'completed' || !record.output) return undefined;
  const stills = await Promise.all(
    (record.output.stills ?? []).map(async (still: StillRecord) => ({
      seconds: still.seconds,
      outputFrame: still.outputFrame,
      sourceFrame: still.sourceFrame,
      kind: still.kind,
      interpolatedFrom: still.interpolatedFrom,
      sourceUrl: await presign(still.sourceKey),
      outputUrl: await presign(still.outputKey),
      ...(still.restoredKey && {
        restoredFrame: still.restoredFrame,
        restoredUrl: await presign(still.restoredKey),
      }),
    })),
  );
  return { ...(sourceUrl ? { sourceUrl } : {}), stills };
}

function modelTotals(chunks: readonly ChunkReport[]): JobReport['models'] {
  const totals = new Map<string, JobReport['models'][number]>();
  for (const chunk of chunks) {
    for (const run of chunk.models) {
      const key = `${run.kind}\u0000${run.id}\u0000${run.provider}`;
      const total = totals.get(key) ?? {
        id: run.id,
        kind: run.kind,
        provider: run.provider,
        chunks: 0,
      };
      totals.set(key, { ...total, chunks: total.chunks + 1 });
    }
  }
  return [...totals.values()];
}

function between(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? round(seconds, 3) : undefined;
}

/** `30000/1001` or `25` as a number. */
function rateOf(fps: string): number {
  const [num, den = '1'] = fps.split('/');
  return Number(num) / Number(den);
}

function sum(chunks: readonly ChunkReport[], value: (chunk: ChunkReport) => number): number {
  return chunks.reduce((total, chunk) => total + value(chunk), 0);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
