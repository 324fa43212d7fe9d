import { z } from 'zod';
import { modelId } from './model-id.js';

/**
 * The `restore` block of a job body: what repairs the source before it is enlarged and
 * retimed, applied in this order (DESIGN §10). Every part has a default, so a job without
 * the block still has interlaced and telecined sources detected and repaired.
 */

export const DEINTERLACE_MODES = ['auto', 'off', 'frame', 'field'] as const;
export const IVTC_MODES = ['auto', 'off'] as const;

const deinterlace = z
  .enum(DEINTERLACE_MODES, { error: 'use auto, off, frame or field' })
  .default('auto')
  .describe(
    'auto: deinterlace when the planner finds the source interlaced (ffmpeg idet), one frame per field; frame: one frame per frame; field: one frame per field (25i → 50p, 29.97i → 59.94p); off: treat it as progressive',
  );

const ivtc = z
  .enum(IVTC_MODES, { error: 'use auto or off' })
  .default('auto')
  .describe(
    'auto: when the source is telecined film (3:2 pulldown found by idet), rebuild its progressive frames (29.97 → 23.976) before anything else; off: leave the pulldown in',
  );

const deflicker = z
  .union(
    [
      z.enum(['auto', 'off']),
      z.strictObject({
        strength: z.number().min(0).max(1).describe('0 leaves it, 1 evens brightness fully'),
      }),
    ],
    { error: 'use auto, off or { "strength": 0–1 }' },
  )
  .default('off')
  .describe(
    "Even out frame-to-frame brightness (hand-cranked film, old transfers): each frame's gain is planned over the whole source, so every chunk applies the same; auto is strength 0.8",
  );

const denoise = z
  .union(
    [
      z.enum(['auto', 'off']),
      z.strictObject({
        model: modelId.optional().describe('A registered 1x restoration model'),
        strength: z
          .number()
          .min(0)
          .max(50)
          .optional()
          .describe('Noise σ on the 0–255 scale (5 light grain, 15 heavy); estimated when absent'),
      }),
    ],
    { error: 'use auto, off or { "model"?: id, "strength"?: σ 0–50 }' },
  )
  .default('off')
  .describe(
    'Remove grain and noise: a learned model (the configured denoise default, or model), else ffmpeg nlmeans; auto estimates the noise σ of the source at plan time',
  );

const deblock = z
  .union(
    [
      z.literal('off'),
      z.strictObject({
        model: modelId.optional().describe('A registered 1x restoration model'),
      }),
    ],
    { error: 'use off or { "model"?: id }' },
  )
  .default('off')
  .describe(
    'Remove compression blocking: a learned model (the configured deblock default, or model), else ffmpeg spp',
  );

export const restoreRequestSchema = z
  .strictObject({ deinterlace, ivtc, deflicker, denoise, deblock })
  .describe(
    'Repair the source before it is upscaled and retimed: deinterlace, inverse telecine, deflicker, denoise, deblock (in that order)',
  );

export type RestoreRequest = z.infer<typeof restoreRequestSchema>;

/** Every part at its default: what a job without a `restore` block gets. */
export const DEFAULT_RESTORE: RestoreRequest = restoreRequestSchema.parse({});

/** Seconds a preview may span at most. */
export const PREVIEW_MAX_SECONDS = 300;

export const previewRequestSchema = z
  .strictObject({
    start: z.number().min(0).describe('Where the preview starts, in seconds of the source'),
    seconds: z
      .number()
      .positive()
      .max(PREVIEW_MAX_SECONDS)
      .describe(`How long it is, in seconds (at most ${PREVIEW_MAX_SECONDS})`),
  })
  .describe(
    'Render only this span, with the plan the whole source would get (same restoration decisions, gains and models), to check settings in seconds',
  );

export type PreviewRequest = z.infer<typeof previewRequestSchema>;

/**
 * Whether the block asks for work by itself: a forced deinterlace, or any of deflicker,
 * denoise and deblock. The auto detections alone may find nothing to repair, so a job of
 * only those is "nothing to do".
 */
export function asksForRestoration(restore: RestoreRequest | undefined): boolean {
  if (!restore) return false;
  return (
    restore.deinterlace === 'frame' ||
    restore.deinterlace === 'field' ||
    restore.deflicker !== 'off' ||
    restore.denoise !== 'off' ||
    restore.deblock !== 'off'
  );
}
