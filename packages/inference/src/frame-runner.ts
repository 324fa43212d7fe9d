// Runs a loaded model on batches of packed RGB frames (rgb24 or rgb48le,
// NHWC), whichever layout the model takes: a model wrapped for the frames'
// format gets the samples as they are; a planar float32/float16 model gets
// them converted in JavaScript.
import * as ort from 'onnxruntime-node';
import { float16ToFloat32, toFloat16Bits } from './float16.js';
import { packedToPlanar, planarToPacked } from './frame-tensors.js';
import {
  checkContract,
  sessionSignature,
  type ModelContract,
  type ModelKind,
} from './model-contract.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import {
  frameBytes,
  frameSamples,
  PIXEL_FORMATS,
  sampleBytes,
  type PackedSamples,
  type PixelFormat,
} from './pixel-format.js';

/** `count` packed RGB frames of width×height (in the runner's pixel format), one after another. */
export interface FrameBatch {
  /** The frames' bytes (rgb48le: two little-endian bytes a sample). */
  data: Uint8Array;
  count: number;
  width: number;
  height: number;
}

/** k/255 as float16 bits for every byte. */
const BYTE_TO_HALF = Uint16Array.from({ length: 256 }, (_, k) => toFloat16Bits(k / 255));

/**
 * Feeds a model batches of frames in one pixel format. The contract is
 * checked when it is built, so a model that does not fit fails before any
 * frame is decoded.
 */
export class FrameRunner {
  readonly contract: ModelContract;
  /** Whether the model takes the frames' own samples (it was wrapped for this format). */
  private readonly packed: boolean;

  /**
   * @param format - the frames' pixel format; default rgb24
   * @throws ModelError MODEL_CONTRACT when the session fits no contract (or not
   *   `kind`), or takes packed frames of another format.
   */
  constructor(
    readonly model: ModelSession,
    kind?: ModelKind,
    readonly format: PixelFormat = 'rgb24',
  ) {
    this.contract = checkContract(sessionSignature(model.session), kind);
    this.packed = this.contract.layout !== 'nchw';
    if (this.packed && this.contract.layout !== format) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `the model takes ${this.contract.layout} frames, not ${format}: load its planar float form (or one wrapped for ${format})`,
      );
    }
  }

  /** Super-resolution: `frames` [count,h,w,3] → [count,sh,sw,3]. */
  async upscaleBatch(frames: FrameBatch): Promise<FrameBatch> {
    const [input] = this.contract.inputs as [string];
    const feeds = { [input]: this.frameTensor(frames) };
    return this.run(feeds, frames.count);
  }

  /**
   * Restoration: `frames` [count,h,w,3] → [count,h,w,3]; `strength` (the model's own units,
   * FFDNet's σ/255) feeds the contract's strength input, one value for every frame.
   *
   * @throws ModelError MODEL_CONTRACT when the model takes a strength and none is given.
   */
  async restoreBatch(frames: FrameBatch, strength?: number): Promise<FrameBatch> {
    const { strengthInput, strengthShape = [] } = this.contract;
    const [input] = this.contract.inputs as [string];
    const feeds: Record<string, ort.Tensor> = { [input]: this.frameTensor(frames) };
    if (strengthInput !== undefined) {
      if (strength === undefined) {
        throw new ModelError(
          'MODEL_CONTRACT',
          `the model takes a noise strength (input '${strengthInput}') and none was given`,
        );
      }
      const { count, width, height } = frames;
      const values = new Float32Array(count).fill(strength);
      feeds[strengthInput] = this.packed
        ? new ort.Tensor('float32', values, [count, 1, 1, 1])
        : this.perItemTensor(values, strengthShape, width, height);
    }
    return this.run(feeds, frames.count);
  }

  /** Interpolation: frame pairs and one timestep per pair → [count,h,w,3]. */
  async interpolateBatch(a: FrameBatch, b: FrameBatch, t: readonly number[]): Promise<FrameBatch> {
    const { count, width, height } = a;
    const dims = [count, 1, 1, 1];
    const timesteps = Float32Array.from(t);
    if (this.packed) {
      const [nameA, nameB, nameT] = this.contract.inputs as [string, string, string];
      const feeds = {
        [nameA]: this.frameTensor(a),
        [nameB]: this.frameTensor(b),
        [nameT]: new ort.Tensor('float32', timesteps, dims),
      };
      return this.run(feeds, count);
    }
    if (this.contract.inputs.length === 1) {
      const packed = new Float32Array(7 * count * width * height);
      packVfiInput(a, b, timesteps, packed, this.format);
      const [input] = this.contract.inputs as [string];
      return this.run({ [input]: this.floatTensor(packed, [count, 7, height, width]) }, count);
    }
    return this.run(this.threeInputFeeds(a, b, timesteps), count);
  }

  private threeInputFeeds(
    a: FrameBatch,
    b: FrameBatch,
    t: Float32Array,
  ): ort.InferenceSession.FeedsType {
    const [nameA, nameB, nameT] = this.contract.inputs as [string, string, string];
    const shape = this.contract.timestepShape ?? [];
    return {
      [nameA]: this.frameTensor(a),
      [nameB]: this.frameTensor(b),
      [nameT]: this.perItemTensor(t, shape, a.width, a.height),
    };
  }

  /**
   * One value per item, shaped as the model declares the input: a plane [N,1,H,W],
   * [N,1,1,1], [N] or a scalar.
   */
  private perItemTensor(
    values: Float32Array,
    shape: readonly (number | string)[],
    width: number,
    height: number,
  ): ort.Tensor {
    const count = values.length;
    const plane = shape.length === 4 && !(shape[2] === 1 && shape[3] === 1);
    const pixels = width * height;
    const data = plane ? new Float32Array(count * pixels) : values;
    if (plane) for (let n = 0; n < count; n++) data.fill(values[n]!, n * pixels, (n + 1) * pixels);
    const dims =
      shape.length === 4
        ? [count, 1, plane ? height : 1, plane ? width : 1]
        : shape.length === 0
          ? []
          : [count];
    return this.floatTensor(data, dims);
  }

  private frameTensor(frames: FrameBatch): ort.Tensor {
    const { count, width, height } = frames;
    const expected = count * frameBytes(this.format, width, height);
    if (frames.data.byteLength !== expected) {
      throw new RangeError(
        `a batch of ${count} ${this.format} frames of ${width}x${height} has ${expected} bytes, got ${frames.data.byteLength}`,
      );
    }
    const samples = frameSamples(frames.data, this.format);
    if (this.packed) {
      return new ort.Tensor(PIXEL_FORMATS[this.format].onnxType, samples, [
        count,
        height,
        width,
        3,
      ]);
    }
    const planar = new Float32Array(samples.length);
    const size = 3 * width * height;
    for (let n = 0; n < count; n++) {
      packedToPlanar(samples.subarray(n * size, (n + 1) * size), width, height, planar, n * size);
    }
    return this.floatTensor(planar, [count, 3, height, width]);
  }

  private floatTensor(values: Float32Array, dims: readonly number[]): ort.Tensor {
    if (this.contract.dtype !== 'float16') return new ort.Tensor('float32', values, dims);
    const bits = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) bits[i] = toHalf(values[i]!);
    return new ort.Tensor('float16', bits, dims);
  }

  private async run(feeds: ort.InferenceSession.FeedsType, count: number): Promise<FrameBatch> {
    const output = (await this.model.session.run(feeds))[this.contract.output];
    if (output === undefined) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `model returned no output named '${this.contract.output}'`,
      );
    }
    const dims = output.dims;
    const [n, c, h, w] = this.packed ? [dims[0], dims[3], dims[1], dims[2]] : dims;
    if (dims.length !== 4 || n !== count || c !== 3 || h === undefined || w === undefined) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `model output is [${dims.join(', ')}], expected ${count} RGB frames`,
      );
    }
    if (this.packed) {
      return {
        data: sampleBytes(output.data as PackedSamples),
        count,
        width: w,
        height: h,
      };
    }
    return { data: this.toPacked(output, count, w, h), count, width: w, height: h };
  }

  private toPacked(output: ort.Tensor, count: number, width: number, height: number): Uint8Array {
    const values =
      output.type === 'float16'
        ? float16ToFloat32(output.data as Uint16Array)
        : (output.data as Float32Array);
    const size = 3 * width * height;
    const bytes = Buffer.allocUnsafeSlow(count * frameBytes(this.format, width, height));
    const samples = frameSamples(bytes, this.format);
    for (let n = 0; n < count; n++) {
      planarToPacked(
        values.subarray(n * size, (n + 1) * size),
        width,
        height,
        samples.subarray(n * size, (n + 1) * size),
      );
    }
    return bytes;
  }
}

/** Values in [0,1] that came from bytes map back through the byte table, exactly; others convert. */
function toHalf(value: number): number {
  const byte = Math.round(value * 255);
  return Math.fround(byte / 255) === value ? BYTE_TO_HALF[byte]! : toFloat16Bits(value);
}

/** Packs A, B and the timestep plane of each pair as [count,7,h,w]. */
function packVfiInput(
  a: FrameBatch,
  b: FrameBatch,
  t: Float32Array,
  out: Float32Array,
  format: PixelFormat,
): void {
  const { count, width, height } = a;
  const pixels = width * height;
  const [samplesA, samplesB] = [frameSamples(a.data, format), frameSamples(b.data, format)];
  for (let n = 0; n < count; n++) {
    const base = 7 * pixels * n;
    const frame = (samples: PackedSamples) =>
      samples.subarray(3 * pixels * n, 3 * pixels * (n + 1));
    packedToPlanar(frame(samplesA), width, height, out, base);
    packedToPlanar(frame(samplesB), width, height, out, base + 3 * pixels);
    out.fill(t[n]!, base + 6 * pixels, base + 7 * pixels);
  }
}
