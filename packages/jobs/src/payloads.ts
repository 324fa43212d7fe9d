import { z } from 'zod';

/**
 * The payload of every queue, as zod schemas: payloads are validated when dequeued
 * because they outlive deploys. catalog.ts pairs each with its queue.
 */
const rational = z.strictObject({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
});

export const planPayloadSchema = z.strictObject({ jobId: z.string() });

export const chunkPayloadSchema = z.strictObject({
  jobId: z.string(),
  index: z.number().int().min(0),
  inputUrl: z.string(),
  sourceWidth: z.number().int().positive(),
  sourceHeight: z.number().int().positive(),
  sourceFrames: z.number().int().positive(),
  sourceFps: rational,
  targetFps: rational,
  sourceStart: z.number().int().min(0),
  sourceEnd: z.number().int().positive(),
  /** First source frame decoded; absent (payloads queued before it existed): sourceStart. */
  decodeStart: z.number().int().min(0).optional(),
  decodeEnd: z.number().int().positive(),
  /**
   * The planner's digest of each source frame from decodeStart to decodeEnd (its sequential
   * decode): every frame the worker decodes is checked against it. Absent (payloads queued
   * before it existed): frames are not checked.
   */
  frameDigests: z.array(z.string()).optional(),
  /** Keyframes before decodeStart to decode from when a decode from decodeStart is not clean. */
  entryFrames: z.array(z.number().int().min(0)).optional(),
  outputStart: z.number().int().min(0),
  outputEnd: z.number().int().positive(),
  cutsAfter: z.array(z.number().int().min(0)),
  /** Repeated source frames near the chunk (`interpolate.dedupe`); absent: none. */
  repeats: z.array(z.number().int().min(1)).optional(),
  /** The model's own factor; `output` holds the final size when it differs. */
  upscale: z.strictObject({ model: z.string(), factor: z.number().int() }).optional(),
  interpolate: z.strictObject({ model: z.string() }).optional(),
  /**
   * The source's restoration (DESIGN §10). With it, the frame fields above (sourceFrames,
   * sourceFps, sourceStart … decodeEnd, cutsAfter, repeats) count restored frames, and
   * frameDigests and entryFrames count source frames from `restore.sourceStart`.
   */
  restore: z
    .strictObject({
      /** ffmpeg filters run on the decoded source frames (deinterlace, field match, classical denoise and deblock). */
      filter: z.string().optional(),
      /** Frames the filters make of each source frame: 2 when each field becomes a frame. */
      outputsPerFrame: z.union([z.literal(1), z.literal(2)]),
      /** The source's own rate (decoding seeks by it; sourceFps is the restored frames'). */
      sourceFps: rational,
      /** Source frames decoded through the filters, context included: [sourceStart, sourceEnd). */
      sourceStart: z.number().int().min(0),
      sourceEnd: z.number().int().positive(),
      /** Restored index of the first frame that sourceStart gives. */
      firstRestored: z.number().int().min(0),
      /** Source frames in the span that the inverse telecine drops (after field matching). */
      dropped: z.array(z.number().int().min(0)).optional(),
      /** Deflicker: the brightness gain of each restored frame from decodeStart to decodeEnd. */
      gains: z.array(z.number().positive()).optional(),
      /** Restored frames of this chunk the before/after shows: a JPEG of each goes to its key. */
      stills: z
        .array(z.strictObject({ frame: z.number().int().min(0), key: z.string() }))
        .optional(),
      /** Learned 1x models run in this order on each restored frame, with their strength. */
      models: z
        .array(z.strictObject({ model: z.string(), sigma: z.number().min(0).optional() }))
        .optional(),
    })
    .optional(),
  output: z.strictObject({
    codec: z.enum(['h264', 'hevc', 'av1']),
    crf: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    /** 10 encodes yuv420p10le from rgb48le frames; absent (payloads queued before it existed) is 8. */
    bitDepth: z.union([z.literal(8), z.literal(10)]).optional(),
  }),
  colour: z.strictObject({
    matrix: z.enum(['bt601', 'bt709', 'bt2020']),
    range: z.enum(['tv', 'pc']),
    tags: z.strictObject({
      space: z.string(),
      primaries: z.string(),
      transfer: z.string(),
      range: z.enum(['tv', 'pc']),
    }),
  }),
});

export const stitchPayloadSchema = z.strictObject({
  jobId: z.string(),
  inputUrl: z.string(),
  chunkCount: z.number().int().positive(),
  outputFrames: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: rational,
  container: z.enum(['mp4', 'mkv', 'webm']),
  /** Audio and subtitles come from the source at stitch time. */
  source: z.strictObject({
    audioCodec: z.string().optional(),
    videoOffsetSeconds: z.number().min(0),
    audioDurationSeconds: z.number().optional(),
    subtitleCodecs: z.array(z.string()),
  }),
  /**
   * The source frames the before/after stills show, each with its digest and fallback
   * keyframes, so a still is checked like a chunk's frames. Absent: not checked.
   */
  stillSources: z
    .array(
      z.strictObject({
        frame: z.number().int().min(0),
        digest: z.string(),
        entryFrames: z.array(z.number().int().min(0)),
        /**
         * The still as planned: its frame in the output file, how it was made and the
         * restored frame it shows. Absent (payloads queued before it existed): the stitcher
         * chooses the stills from the source summary.
         */
        outputFrame: z.number().int().min(0).optional(),
        kind: z.enum(['copied', 'interpolated']).optional(),
        interpolatedFrom: z
          .strictObject({ a: z.number().int(), b: z.number().int(), t: z.number() })
          .optional(),
        restoredFrame: z.number().int().min(0).optional(),
      }),
    )
    .optional(),
});

/** One webhook event for one job; `body` is fixed by the first attempt so retries send the same bytes. */
export const webhookPayloadSchema = z.strictObject({
  messageId: z.string(),
  jobId: z.string(),
  tenant: z.string(),
  event: z.enum(['job.completed', 'job.failed', 'job.canceled', 'job.progress']),
  url: z.string(),
  occurredAt: z.string(),
  body: z.string().optional(),
});

export type PlanPayload = z.infer<typeof planPayloadSchema>;
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type ChunkPayload = z.infer<typeof chunkPayloadSchema>;
export type StitchPayload = z.infer<typeof stitchPayloadSchema>;
