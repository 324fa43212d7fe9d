import { z } from 'zod';

/**
 * What the planner found in the source and decided to repair (DESIGN §10): the record
 * keeps it in `plan.restore`, the job's response and report show it. One schema, so the
 * record's type and the response's OpenAPI cannot drift apart.
 */
const chosenModel = z.strictObject({
  id: z.string(),
  chosenBy: z.enum(['request', 'default', 'builtin']),
});

export const restoreSummarySchema = z
  .strictObject({
    fields: z
      .strictObject({
        detected: z
          .enum(['progressive', 'interlaced', 'telecined', 'not checked'])
          .describe('What ffmpeg idet found over the source'),
        order: z.enum(['tff', 'bff']).optional().describe('Field order used (or found)'),
        idet: z
          .strictObject({
            tff: z.number().int(),
            bff: z.number().int(),
            progressive: z.number().int(),
            undetermined: z.number().int(),
            repeatedTop: z.number().int(),
            repeatedBottom: z.number().int(),
          })
          .optional()
          .describe("idet's multi-frame counts and repeated fields"),
        action: z
          .enum(['none', 'deinterlace frame', 'deinterlace field', 'ivtc'])
          .describe('What the restoration does to the fields'),
        reason: z.string().describe('Why, in words'),
        droppedFrames: z
          .number()
          .int()
          .optional()
          .describe('With ivtc: source frames dropped (the repeat of each 3:2 cycle)'),
      })
      .describe('Interlacing and telecine'),
    frames: z.number().int().describe('Frames after restoration (what is retimed and upscaled)'),
    fps: z.string().describe('Their rate, e.g. 50 for 25i split into fields'),
    deflicker: z
      .strictObject({
        strength: z.number(),
        gainMin: z.number(),
        gainMax: z.number(),
      })
      .optional()
      .describe('Per-frame brightness gains planned over the whole source'),
    denoise: z
      .strictObject({
        method: z.enum(['model', 'nlmeans']),
        model: chosenModel.optional(),
        sigma: z
          .number()
          .optional()
          .describe(
            'Noise σ (0–255 scale) the denoiser is set to; absent in a quote before the estimate',
          ),
        estimatedSigma: z
          .number()
          .optional()
          .describe("The source's noise σ estimated at plan time"),
      })
      .optional(),
    deblock: z
      .strictObject({
        method: z.enum(['model', 'spp']),
        model: chosenModel.optional(),
      })
      .optional(),
    notes: z.array(z.string()).optional().describe('Anything asked for and not done, and why'),
  })
  .describe('What restoration the plan runs before upscaling and retiming, and why');

export type RestoreSummary = z.infer<typeof restoreSummarySchema>;
