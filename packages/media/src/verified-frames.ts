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

export interface DecodeCheckInput {
  /** One digest per decoded frame, in decode output order ({@link frameDigestOutput}). */
  readonly digests: AsyncIterable<string>;
  /** The source frame the decode began at. */
  readonly entry: number;
  /** First frame the reader uses; the frames from `entry` up to it are dropped. */
  readonly start: number;
  /** The sequential decode's digests of frames `start`, `start + 1`, …; frames past them are not checked. */
  readonly expected: readonly string[];
}

/**
 * Checks one decode's frames against the planner's digests. The digests arrive on their
 * own pipe and are read as they come (a line per frame), independently of the frames:
 * ffmpeg may write a frame's digest only after it has written the next frame, so a reader
 * that held frame i back until digest i arrived would stop reading the frame pipe that
 * ffmpeg is blocked on, and both would wait for ever. Frames therefore flow unchecked
 * through {@link DecodeCheck.frames}, which throws the first mismatch as soon as it is
 * seen; {@link DecodeCheck.verified}, once the decoder has exited, proves every frame used
 * had its own digest. Nothing made from the frames may be kept before `verified` resolves.
 */
export class DecodeCheck {
  private readonly entry: number;
  private readonly start: number;
  private readonly expected: readonly string[];
  private readonly received: string[] = [];
  private mismatch: FrameDigestMismatch | undefined;
  private readonly reading: Promise<void>;

  constructor(input: DecodeCheckInput) {
    const { entry, start } = input;
    if (!Number.isSafeInteger(entry) || entry < 0 || entry > start)
      throw new RangeError(`entry must be from 0 to start (${start}), got ${entry}`);
    this.entry = entry;
    this.start = start;
    this.expected = input.expected;
    this.reading = this.read(input.digests);
    // Failures surface from verified(); until then a rejection must not count as unhandled.
    this.reading.catch(() => undefined);
  }

  private async read(digests: AsyncIterable<string>): Promise<void> {
    for await (const digest of digests) {
      const frame = this.entry + this.received.length;
      this.received.push(digest);
      const want = this.expected[frame - this.start];
      if (this.mismatch === undefined && want !== undefined && digest !== want)
        this.mismatch = new FrameDigestMismatch(frame, want, digest, this.entry);
    }
  }

  /**
   * Frames `start`, `start + 1`, … of the decode (the first decoded frame being `entry`);
   * throws the first mismatch seen so far before handing on each frame. With restore
   * filters that make `perFrame` frames of each decoded one (a field split), those come
   * in groups of `perFrame`: the digests stay one per decoded frame.
   */
  async *frames<T>(frames: AsyncIterable<T>, perFrame = 1): AsyncGenerator<T> {
    let made = 0;
    for await (const frame of frames) {
      if (this.mismatch) throw this.mismatch;
      if (this.entry + Math.floor(made / perFrame) >= this.start) yield frame;
      made += 1;
    }
    if (this.mismatch) throw this.mismatch;
  }

  /**
   * Waits for the digest pipe to end (call it once the decoder has exited) and proves
   * that the first `used` frames from `start` each had their expected digest; throws
   * {@link FrameDigestMismatch} otherwise. Resolves to the number of frames verified.
   */
  async verified(used: number): Promise<number> {
    await this.reading;
    if (this.mismatch) throw this.mismatch;
    const checked = Math.min(used, this.expected.length);
    for (let k = 0; k < checked; k += 1) {
      const actual = this.received[this.start - this.entry + k];
      if (actual !== this.expected[k])
        throw new FrameDigestMismatch(this.start + k, this.expected[k]!, actual, this.entry);
    }
    return checked;
  }
}
