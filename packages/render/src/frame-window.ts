/**
 * Random access to a forward-only stream of decoded frames, keeping only the frames
 * still needed. Frame numbers are source indices; the stream starts at `first`.
 */
export class FrameWindow {
  private readonly frames = new Map<number, Buffer>();
  private next: number;
  private ended = false;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    first: number,
  ) {
    this.next = first;
  }

  /** The frame with that source index; undefined when the stream ended before it. */
  async get(index: number): Promise<Buffer | undefined> {
    while (!this.ended && this.next <= index) {
      const result = await this.source.next();
      if (result.done) {
        this.ended = true;
        break;
      }
      this.frames.set(this.next, result.value);
      this.next += 1;
    }
    return this.frames.get(index);
  }

  /** Forgets frames below `index`: no later output frame reads them. */
  release(index: number): void {
    for (const key of this.frames.keys()) if (key < index) this.frames.delete(key);
  }

  /** Reads the stream to its end, keeping nothing (frames decoded only as a filter's context). */
  async drain(): Promise<void> {
    this.frames.clear();
    while (!this.ended) {
      const result = await this.source.next();
      if (result.done) this.ended = true;
    }
  }

  /** How many source frames were read so far. */
  get decoded(): number {
    return this.next;
  }
}
