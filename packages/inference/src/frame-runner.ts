// Runs a loaded model on batches of rgb24 frames (uint8 NHWC), whichever
// layout the model takes: an rgb24-wrapped model gets the bytes as they are;
// a planar float32/float16 model gets them converted in JavaScript.
import * as ort from 'onnxruntime-node';
import { float16ToFloat32, toFloat16Bits } from './float16.js';
import { planarToRgb24, rgb24ToPlanar } from './frame-tensors.js';
import {
  checkContract,
  sessionSignature,
  type ModelContract,
  type ModelKind,
} from './model-contract.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';

/** `count` rgb24 frames of width×height, packed one after another. */
export interface Rgb24Batch {
  data: Uint8Array;
  count: number;
  width: number;
  height: number;
}

/** k/255 as float16 bits for every byte. */
const BYTE_TO_HALF = Uint16Array.from({ length: 256 }, (_, k) => toFloat16Bits(k / 255));

/**
 * Feeds a model rgb24 batches. The contract is checked when it is built, so
 * a model that does not fit fails before any frame is decoded.
 */
export class FrameRunner {
  readonly contract: ModelContract;

  /** @throws ModelError MODEL_CONTRACT when the session fits no contract (or not `kind`). */
  constructor(
    readonly model: ModelSession,
    kind?: ModelKind,
  ) {
    this.contract = checkContract(sessionSignature(model.session), kind);
  }

  /** Super-resolution: `frames` [count,h,w,3] → [count,sh,sw,3]. */
  async upscaleBatch(frames: Rgb24Batch): Promise<Rgb24Batch> {
    const [input] = this.contract.inputs as [string];
    const feeds = { [input]: this.frameTensor(frames) };
    return this.run(feeds, frames.count);
  }

  /** Interpolation: frame pairs and one timestep per pair → [count,h,w,3]. */
  async interpolateBatch(a: Rgb24Batch, b: Rgb24Batch, t: readonly number[]): Promise<Rgb24Batch> {
    const { count, width, height } = a;
    const dims = [count, 1, 1, 1];
    const timesteps = Float32Array.from(t);
    if (this.contract.layout === 'rgb24') {
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
      packVfiInput(a, b, timesteps, packed);
      const [input] = this.contract.inputs as [string];
      return this.run({ [input]: this.floatTensor(packed, [count, 7, height, width]) }, count);
    }
    return this.run(this.threeInputFeeds(a, b, timesteps), count);
  }

  private threeInputFeeds(
    a: Rgb24Batch,
    b: Rgb24Batch,
    t: Float32Array,
  ): ort.InferenceSession.FeedsType {
    const { count, width, height } = a;
    const [nameA, nameB, nameT] = this.contract.inputs as [string, string, string];
    const shape = this.contract.timestepShape ?? [];
    const plane = shape.length === 4 && !(shape[2] === 1 && shape[3] === 1);
    const pixels = width * height;
    const timestep = new Float32Array(plane ? count * pixels : count);
    for (let n = 0; n < count; n++) {
      if (plane) timestep.fill(t[n]!, n * pixels, (n + 1) * pixels);
      else timestep[n] = t[n]!;
    }
    const dims =
      shape.length === 4
        ? [count, 1, plane ? height : 1, plane ? width : 1]
        : shape.length === 0
          ? []
          : [count];
    return {
      [nameA]: this.frameTensor(a),
      [nameB]: this.frameTensor(b),
      [nameT]: this.floatTensor(timestep, dims),
    };
  }

  private frameTensor(frames: Rgb24Batch): ort.Tensor {
    const { data, count, width, height } = frames;
    if (this.contract.layout === 'rgb24') {
      return new ort.Tensor('uint8', data, [count, height, width, 3]);
    }
    const planar = new Float32Array(3 * count * width * height);
    const size = 3 * width * height;
    for (let n = 0; n < count; n++) {
      rgb24ToPlanar(data.subarray(n * size, (n + 1) * size), width, height, planar, n * size);
    }
    return this.floatTensor(planar, [count, 3, height, width]);
  }

  private floatTensor(values: Float32Array, dims: readonly number[]): ort.Tensor {
    if (this.contract.dtype !== 'float16') return new ort.Tensor('float32', values, dims);
    const bits = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) bits[i] = toHalf(values[i]!);
    return new ort.Tensor('float16', bits, dims);
  }

  private async run(feeds: ort.InferenceSession.FeedsType, count: number): Promise<Rgb24Batch> {
    const output = (await this.model.session.run(feeds))[this.contract.output];
    if (output === undefined) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `model returned no output named '${this.contract.output}'`,
      );
    }
    const dims = output.dims;
    const rgb24 = this.contract.layout === 'rgb24';
    const [n, c, h, w] = rgb24 ? [dims[0], dims[3], dims[1], dims[2]] : dims;
    if (dims.length !== 4 || n !== count || c !== 3 || h === undefined || w === undefined) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `model output is [${dims.join(', ')}], expected ${count} RGB frames`,
      );
    }
    if (rgb24) return { data: output.data as Uint8Array, count, width: w, height: h };
    return { data: this.toRgb24(output, count, w, h), count, width: w, height: h };
  }

  private toRgb24(output: ort.Tensor, count: number, width: number, height: number): Uint8Array {
    const values =
      output.type === 'float16'
        ? float16ToFloat32(output.data as Uint16Array)
        : (output.data as Float32Array);
    const size = 3 * width * height;
    const bytes = Buffer.allocUnsafe(count * size);
    for (let n = 0; n < count; n++) {
      planarToRgb24(
        values.subarray(n * size, (n + 1) * size),
        width,
        height,
        bytes.subarray(n * size, (n + 1) * size),
      );
    }
    return bytes;
  }
}

/** Values in [0,1] that came from bytes map back through the byte table, exactly. */
function toHalf(value: number): number {
  const byte = Math.round(value * 255);
  return Math.fround(byte / 255) === value ? BYTE_TO_HALF[byte]! : toFloat16Bits(value);
}

/** Packs A, B and the timestep plane of each pair as [count,7,h,w]. */
function packVfiInput(a: Rgb24Batch, b: Rgb24Batch, t: Float32Array, out: Float32Array): void {
  const { count, width, height } = a;
  const pixels = width * height;
  for (let n = 0; n < count; n++) {
    const base = 7 * pixels * n;
    const frame = (batch: Rgb24Batch) => batch.data.subarray(3 * pixels * n, 3 * pixels * (n + 1));
    rgb24ToPlanar(frame(a), width, height, out, base);
    rgb24ToPlanar(frame(b), width, height, out, base + 3 * pixels);
    out.fill(t[n]!, base + 6 * pixels, base + 7 * pixels);
  }
}
