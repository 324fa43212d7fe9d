import type { ChunkPayload } from '@remaster/jobs';

type ChunkRestore = NonNullable<ChunkPayload['restore']>;

export interface RestoredFramesOptions {
  readonly restore: ChunkRestore;
  /** The chunk's restored frames: [start, end) are kept, the context around them dropped. */
  readonly start: number;
  readonly end: number;
  /** Deflicker gain and learned models on one restored frame (FrameRenderer.restore). */
  readonly restoreFrame: (frame: Buffer, gain: number) => Promise<Buffer>;
  /** Called with each restored frame the before/after shows. */
  readonly onStill?: (still: { frame: number; key: string; pixels: Buffer }) => Promise<void>;
}

/**
 * The chunk's restored frames, in order, from the frames the decoder's restore filters
 * give for source frames `restore.sourceStart` … (`outputsPerFrame` per source frame): the
 * frames of source frames the inverse telecine drops are skipped, the context before
 * `start` and from `end` on is dropped, and each kept frame gets its gain and models
 * (DESIGN §10). Reads its input to the end, so the decoder can finish its context frames.
 */
export async function* restoredFrames(
  frames: AsyncIterable<Buffer>,
  options: RestoredFramesOptions,
): AsyncGenerator<Buffer> {
  const { restore, start, end } = options;
  const dropped = new Set(restore.dropped ?? []);
  const stills = new Map((restore.stills ?? []).map((still) => [still.frame, still.key]));
  let made = 0;
  let index = restore.firstRestored;
  for await (const frame of frames) {
    const source = restore.sourceStart + Math.floor(made / restore.outputsPerFrame);
    made += 1;
    if (dropped.has(source)) continue;
    const restored = index;
    index += 1;
    if (restored < start || restored >= end) continue;
    const pixels = await options.restoreFrame(frame, restore.gains?.[restored - start] ?? 1);
    const key = stills.get(restored);
    if (key !== undefined) await options.onStill?.({ frame: restored, key, pixels });
    yield pixels;
  }
}
