import { parseRational } from '@remaster/retiming';
import { z } from 'zod';
import { modelId } from './model-id.js';
import { DEFAULT_RESTORE, previewRequestSchema, restoreRequestSchema } from './restore-request.js';
import { WEBHOOK_EVENTS } from './webhook-events.js';

const RATE_HINT = 'use a number like 60 or 2.5, or a fraction like 30000/1001';

const rate = z
  .union([z.number().positive({ error: RATE_HINT }), z.string().min(1).max(32)], {
    error: RATE_HINT,
  })
  .refine((value) => isRational(value), { message: RATE_HINT });

/**
 * The error of a field that takes one of a few values, naming them all: zod's own for a
 * union of literals is a bare "Invalid input". `useOneOf([2, 4])` is `use 2 or 4`.
 */
function useOneOf(values: readonly (string | number)[], hint?: string): string {
  const listed =
    values.length < 2
      ? values.join('')
      : `${values.slice(0, -1).join(', ')} or ${String(values[values.length - 1])}`;
  return `use ${listed}${hint ? `, ${hint}` : ''}`;
}

const OUTPUT_CODECS = ['h264', 'hevc', 'av1'] as const;

/** interpolate.sceneThreshold's default (also what a deflicker without interpolation cuts scenes at). */
export const DEFAULT_SCENE_THRESHOLD = 10;
const OUTPUT_CONTAINERS = ['mp4', 'mkv', 'webm'] as const;

function isRational(value: number | string): boolean {
  try {
    parseRational(value);
    return true;
  } catch {
    return false;
  }
}

const inputSchema = z.strictObject({
  url: z
    .string()
    .min(1)
    .max(2048)
    .describe('s3://bucket/key or an http(s) URL of the source video'),
});

/** The body of `POST /v1/jobs` (DESIGN §6). Unknown fields are rejected, not ignored. */
export const jobRequestSchema = z.strictObject({
  input: inputSchema,
  upscale: z
    .strictObject({
      factor: z
        .union([z.literal(2), z.literal(4)], {
          error: useOneOf([2, 4], 'or upscale.height for an exact output height'),
        })
        .optional()
        .describe('Super-resolution factor'),
      height: z
        .number()
        .int()
        .min(16)
        .max(4320)
        .refine((h) => h % 2 === 0, 'height must be even (yuv420p)')
        .optional()
        .describe(
          'Exact output height, e.g. 2160: the model upscales, then lanczos to this height, aspect kept',
        ),
      model: modelId
        .optional()
        .describe('Model id; the built-in bicubic model of that factor by default'),
    })
    .refine((v) => (v.factor === undefined) !== (v.height === undefined), {
      message: 'give exactly one of upscale.factor or upscale.height',
    })
    .optional(),
  interpolate: z
    .strictObject({
      fps: rate.optional().describe('Target frame rate, e.g. 60 or "60000/1001"'),
      factor: rate.optional().describe('Multiply the source rate, e.g. 2 or 2.5'),
      model: modelId.optional().describe('Model id; the built-in blend by default'),
      sceneThreshold: z
        .number()
        .min(0)
        .max(100)
        .default(DEFAULT_SCENE_THRESHOLD)
        .describe(
          'Scene-cut score (ffmpeg scdet, 0–100) above which frames are never blended; 0 turns detection off',
        ),
      dedupe: z
        .boolean()
        .default(false)
        .describe(
          'Treat repeated source frames (old film padded to 25 fps by repeats) as missing: output frames are interpolated between the distinct frames at their true positions',
        ),
      dedupeThreshold: z
        .number()
        .min(0)
        .max(10)
        .default(0.06)
        .describe(
          'With dedupe: a frame whose mean absolute difference to the one before (ffmpeg scdet mafd, % of full scale, at 160 pixels wide) is at most this repeats it',
        ),
    })
    .refine((v) => (v.fps === undefined) !== (v.factor === undefined), {
      message: 'give exactly one of interpolate.fps or interpolate.factor',
    })
    .optional(),
  output: z
    .strictObject({
      codec: z.enum(OUTPUT_CODECS, { error: useOneOf(OUTPUT_CODECS) }).default('h264'),
      crf: z
        .number()
        .int()
        .min(0)
        .max(63)
        .optional()
        .describe('Quality: h264 0–51 (18), hevc 0–51 (22), av1 0–63 (30)'),
      container: z.enum(OUTPUT_CONTAINERS, { error: useOneOf(OUTPUT_CONTAINERS) }).default('mp4'),
      bitDepth: z
        .union([z.literal(8), z.literal(10)], { error: useOneOf([8, 10]) })
        .optional()
        .describe(
          "Bits per sample of the output: 10 keeps a 10-bit source's precision (x264 High 10, x265 Main 10, AV1 10-bit); default: 10 for sources above 8 bits, else 8",
        ),
    })
    .refine((o) => o.container !== 'webm' || o.codec === 'av1', {
      message: 'webm holds av1 video: use codec av1 or another container',
    })
    .refine((o) => o.crf === undefined || o.codec === 'av1' || o.crf <= 51, {
      message: 'crf for h264 and hevc is 0–51',
    })
    .default({ codec: 'h264', container: 'mp4' }),
  restore: restoreRequestSchema.default(DEFAULT_RESTORE),
  preview: previewRequestSchema.optional(),
  chunk: z
    .strictObject({
      frames: z.number().int().min(1).max(100_000).describe('Source frames per chunk'),
    })
    .optional(),
  webhook: z
    .strictObject({
      url: z
        .string()
        .max(2048)
        .describe('http(s) URL that receives signed POSTs (Standard Webhooks) about this job'),
      events: z
        .array(z.enum(WEBHOOK_EVENTS, { error: useOneOf(WEBHOOK_EVENTS) }))
        .min(1)
        .optional()
        .describe('Events to send; completed, failed and canceled by default'),
    })
    .optional(),
});

export type JobRequest = z.infer<typeof jobRequestSchema>;

/**
 * The body of `POST /v1/jobs/check`: a job body whose `input` may be left out, so a client
 * can check its settings before the file is uploaded.
 */
export const jobCheckSchema = jobRequestSchema.extend({ input: inputSchema.optional() });

export type JobCheckRequest = z.infer<typeof jobCheckSchema>;
export type JobRequestInput = z.input<typeof jobRequestSchema>;
