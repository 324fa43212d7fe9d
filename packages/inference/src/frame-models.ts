// The per-frame calls a worker makes: rgb24 in, rgb24 out, with the tensor
// layout of the model contracts (DESIGN.md §3) kept in here.
import * as ort from 'onnxruntime-node';
import { planarToRgb24, rgb24ToPlanar } from './frame-tensors.js';
import type { ModelSession } from './model-session.js';

/**
 * Reuses input arrays between runs. onnxruntime reads an input while its run
 * is in flight, so an array goes back to the pool only after that run
 * settles; concurrent calls each get their own.
 */
class InputPool {
  private free: Float32Array[] = [];

  take(length: number): Float32Array {
    // A new frame size makes the pooled arrays useless; drop them.
    if (this.free[0] !== undefined && this.free[0].length !== length) this.free = [];
    return this.free.pop() ?? new Float32Array(length);
  }

  give(array: Float32Array): void {
    if (this.free.length === 0 || this.free[0]?.length === array.length) this.free.push(array);
  }
}

async function runModel(
  model: ModelSession,
  input: Float32Array,
  dims: readonly number[],
): Promise<ort.Tensor> {
  const feeds = { [model.inputName]: new ort.Tensor('float32', input, dims) };
  const output = (await model.session.run(feeds))[model.outputName];
  if (output === undefined) throw new Error(`model returned no output named '${model.outputName}'`);
  return output;
}

function checkOutput(output: ort.Tensor, expected: readonly number[], what: string): Float32Array {
  if (output.type !== 'float32') {
    throw new Error(`${what}: model output is ${output.type}, only float32 outputs are supported`);
  }
  if (output.dims.length !== expected.length || output.dims.some((dim, i) => dim !== expected[i])) {
    throw new Error(
      `${what}: model output is [${output.dims.join(', ')}], expected [${expected.join(', ')}]`,
    );
  }
  return output.data as Float32Array;
}

/** Runs a super-resolution model ([N,3,H,W] → [N,3,sH,sW]) on rgb24 frames. */
export class Upscaler {
  private readonly inputs = new InputPool();

  /**
   * @param model - a loaded super-resolution session
   * @param scale - the model's integer upscale factor (e.g. 2 for bicubic-x2)
   */
  constructor(
    private readonly model: ModelSession,
    readonly scale: number,
  ) {
    if (!Number.isInteger(scale) || scale < 1)
      throw new RangeError(`scale must be a positive integer, got ${scale}`);
  }

  /** Upscales one rgb24 frame; resolves to an rgb24 frame of (scale·width)×(scale·height). */
  async upscale(frame: Buffer, width: number, height: number): Promise<Buffer> {
    const input = this.inputs.take(3 * width * height);
    try {
      rgb24ToPlanar(frame, width, height, input);
      const output = await runModel(this.model, input, [1, 3, height, width]);
      const [outWidth, outHeight] = [this.scale * width, this.scale * height];
      const what = `upscaling ${width}x${height} by ${this.scale}`;
      return planarToRgb24(
        checkOutput(output, [1, 3, outHeight, outWidth], what),
        outWidth,
        outHeight,
      );
    } finally {
      this.inputs.give(input);
    }
  }
}

/** Runs an interpolation model ([N,7,H,W] = A, B, timestep → [N,3,H,W]) on rgb24 frames. */
export class Interpolator {
  private readonly inputs = new InputPool();

  /** @param model - a loaded interpolation session (7-channel input form) */
  constructor(private readonly model: ModelSession) {}

  /**
   * Synthesises the frame at time `t` between frames `a` (t = 0) and `b`
   * (t = 1); resolves to an rgb24 frame of width×height.
   */
  async interpolate(
    a: Buffer,
    b: Buffer,
    t: number,
    width: number,
    height: number,
  ): Promise<Buffer> {
    if (!(t >= 0 && t <= 1)) throw new RangeError(`timestep must be within [0, 1], got ${t}`);
    const pixels = width * height;
    const input = this.inputs.take(7 * pixels);
    try {
      rgb24ToPlanar(a, width, height, input, 0);
      rgb24ToPlanar(b, width, height, input, 3 * pixels);
      input.fill(t, 6 * pixels);
      const output = await runModel(this.model, input, [1, 7, height, width]);
      const what = `interpolating ${width}x${height} at t=${t}`;
      return planarToRgb24(checkOutput(output, [1, 3, height, width], what), width, height);
    } finally {
      this.inputs.give(input);
    }
  }
}
