import type { Upscaler } from '@remaster/inference';
import { RetryableFailure } from '@remaster/jobs';
import { MIN_TILE_SIZE, isOutOfMemory, smallerTileSize } from '@remaster/render';

/** Makes an upscaler for the same model with tiles of at most `tileSize` pixels. */
export type UpscalerFactory = (tileSize: number) => Promise<Upscaler>;

export interface AdaptiveUpscalerOptions {
  /** Smallest tile side to try; default {@link MIN_TILE_SIZE}. */
  readonly minTileSize?: number;
  /** Told every time the tiles shrink, so the next chunk starts there. */
  readonly onShrink?: (from: number, to: number) => void;
}

/**
 * An Upscaler that answers an out-of-memory model run by halving its tiles and running
 * the frame again, down to a floor; there it fails with a retryable GPU_OUT_OF_MEMORY
 * (another attempt, perhaps on a GPU with more free memory, may pass).
 */
export class AdaptiveUpscaler {
  private readonly minTileSize: number;

  constructor(
    private upscaler: Upscaler,
    private readonly make: UpscalerFactory,
    private readonly options: AdaptiveUpscalerOptions = {},
  ) {
    this.minTileSize = options.minTileSize ?? MIN_TILE_SIZE;
  }

  /** Largest tile side in input pixels, as now used. */
  get tileSize(): number {
    return this.upscaler.tileSize;
  }

  /** Whether a width×height frame runs whole with the tiles as they are now. */
  fitsWhole(width: number, height: number): boolean {
    return this.upscaler.fitsWhole(width, height);
  }

  async upscale(frame: Buffer, width: number, height: number): Promise<Buffer> {
    for (;;) {
      try {
        return await this.upscaler.upscale(frame, width, height);
      } catch (error) {
        if (!isOutOfMemory(error)) throw error;
        // A frame smaller than the tiles runs whole: shrink from what actually ran.
        const ran = Math.min(this.upscaler.tileSize, Math.max(width, height));
        const next = smallerTileSize(ran, this.minTileSize);
        if (next === undefined) {
          throw new RetryableFailure(
            'GPU_OUT_OF_MEMORY',
            `the model ran out of memory even with ${ran}-pixel tiles: free GPU memory (fewer WORKER_CONCURRENCY, a smaller model) or lower INFERENCE_MEMORY_MB; ${(error as Error).message}`,
            { cause: error },
          );
        }
        this.options.onShrink?.(ran, next);
        this.upscaler = await this.make(next);
      }
    }
  }
}
