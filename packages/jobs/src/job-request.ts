import { parseRational } from '@remaster/retiming';
import { z } from 'zod';

const rate = z
  .union([z.number().positive(), z.string().min(1).max(32)])
  .refine((value) => isRational(value), {
    message: 'use a number like 60 or 2.5, or a fraction like 30000/1001',
  });

function isRational(value: number | string): boolean {
  try {
    parseRational(value);
    return true;
  } catch {
    return false;
  }
}

const modelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'model ids are lowercase letters, digits, . _ -');

/** The body of `POST /v1/jobs` (DESIGN §6). Unknown fields are rejected, not ignored. */
export const jobRequestSchema = z.strictObject({
  input: z.strictObject({
    url: z
      .string()
      .min(1)
      .max(2048)
      .describe('s3://bucket/key or an http(s) URL of the source video'),
  }),
  upscale: z
    .strictObject({
      factor: z.union([z.literal(2), z.literal(4)]).describe('Super-resolution factor'),
      model: modelId
        .optional()
        .describe('Model id; the built-in bicubic model of that factor by default'),
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
        .default(10)
        .describe(
          'Scene-cut score (ffmpeg scdet, 0–100) above which frames are never blended; 0 turns detection off',
        ),
    })
    .refine((v) => (v.fps === undefined) !== (v.factor === undefined), {
      message: 'give exactly one of interpolate.fps or interpolate.factor',
    })
    .optional(),
  output: z
    .strictObject({
      codec: z.literal('h264').default('h264'),
      crf: z.number().int().min(0).max(51).default(18),
      container: z.literal('mp4').default('mp4'),
    })
    .default({ codec: 'h264', crf: 18, container: 'mp4' }),
  chunk: z
    .strictObject({
      frames: z.number().int().min(1).max(100_000).describe('Source frames per chunk'),
    })
    .optional(),
});

export type JobRequest = z.infer<typeof jobRequestSchema>;
export type JobRequestInput = z.input<typeof jobRequestSchema>;
