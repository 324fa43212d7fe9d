/**
 * A decoded frame that is not the source's own: its checksum differs from the one the
 * planner's sequential decode recorded for that index (a seek that started decoding at
 * a point that does not decode cleanly, or a damaged stream). The attempt that decoded it
 * must not use it; decoding again from an earlier entry point may give the right frame.
 */
export class FrameDigestMismatch extends Error {
  override readonly name = 'FrameDigestMismatch';

  constructor(
    /** Source frame index. */
    readonly frame: number,
    readonly expected: string,
    /** undefined: the decoder gave no digest for it (the stream ended first). */
    readonly actual: string | undefined,
    /** The frame the decode started from. */
    readonly entry: number,
  ) {
    super(
      `source frame ${frame} decoded from frame ${entry} has checksum ${actual ?? 'none'}, the sequential decode's is ${expected}`,
    );
  }
}

export interface VerifiedFramesInput<T> {
  /** Decoded frames, the first being source frame `entry`. */
  readonly frames: AsyncIterator<T>;
  /** One digest per decoded frame, in the same order ({@link frameDigestOutput}). */
  readonly digests: AsyncIterator<string>;
  readonly entry: number;
  /** First frame to yield; the frames from `entry` up to it are read and dropped. */
  readonly start: number;
  /** The sequential decode's digests of frames `start`, `start + 1`, …; frames past them are not checked. */
  readonly expected: readonly string[];
}

/**
 * Yields frames `start`, `start + 1`, … of a decode that began at `entry`, each checked
 * against its expected digest before it is handed on; throws {@link FrameDigestMismatch}
 * at the first frame that differs. Frames before `start` are dropped as they come, so an
 * early entry point costs decoding time, not memory.
 */
export async function* verifiedFrames<T>(input: VerifiedFramesInput<T>): AsyncGenerator<T> {
  const { frames, digests, entry, start, expected } = input;
  if (!Number.isSafeInteger(entry) || entry < 0 || entry > start)
    throw new RangeError(`entry must be from 0 to start (${start}), got ${entry}`);
  for (let index = entry; ; index += 1) {
    const frame = await frames.next();
    if (frame.done) return;
    // Every digest is read, checked or not, so the pipe they come on never fills.
    const got = await digests.next();
    if (index < start) continue;
    const want = expected[index - start];
    const actual = got.done ? undefined : got.value;
    if (want !== undefined && actual !== want)
      throw new FrameDigestMismatch(index, want, actual, entry);
    yield frame.value;
  }
}
