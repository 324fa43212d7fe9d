/** Bytes of stderr kept per process: enough for ffmpeg's last messages, bounded for long runs. */
const KEEP_BYTES = 64 * 1024;

/** Keeps only the end of a child's stderr so a chatty hours-long ffmpeg cannot fill memory. */
export class StderrTail {
  #chunks: Buffer[] = [];
  #bytes = 0;

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    // Compact only when twice over the limit, so each byte is copied O(1) times.
    if (this.#bytes > 2 * KEEP_BYTES) {
      const kept = Buffer.concat(this.#chunks).subarray(-KEEP_BYTES);
      this.#chunks = [kept];
      this.#bytes = kept.length;
    }
  }

  /** The last `maxBytes` of stderr as text, starting at a line boundary when it was cut. */
  text(maxBytes = KEEP_BYTES): string {
    const all = Buffer.concat(this.#chunks);
    if (all.length <= maxBytes) return all.toString('utf8').trim();
    const tail = all.subarray(-maxBytes);
    const newline = tail.indexOf(0x0a);
    const start = newline >= 0 && newline < tail.length - 1 ? newline + 1 : 0;
    return tail.subarray(start).toString('utf8').trim();
  }
}
