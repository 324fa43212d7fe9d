// Runs the YUV ↔ RGB graphs of yuv-graph.ts on whole frames: the planar YUV
// frames of the pipes become the packed RGB frames the models, the tiler and
// the JavaScript fallback work on, and back.
import * as ort from 'onnxruntime-node';
import type { ExecutionProviderName } from './execution-providers.js';
import {
  loadModelSession,
  type InferenceLogger,
  type ModelSession,
  type SessionThreads,
} from './model-session.js';
import { frameBytes, frameSamples, PIXEL_FORMATS, type PixelFormat } from './pixel-format.js';
import {
  buildRgbToYuv,
  buildYuvToRgb,
  YUV_FORMATS,
  YUV_NAMES,
  type YuvColour,
  type YuvFormat,
  type YuvPlanes,
} from './yuv-graph.js';

/** What a {@link YuvConverter} converts between. */
export interface YuvConversion extends YuvColour {
  /** The planar frames of the pipes. */
  readonly yuv: YuvFormat;
  /** The packed frames of the models: rgb24, or rgb48le for 10-bit work. */
  readonly rgb: PixelFormat;
}

/** Options for {@link YuvConverter.load}. */
export interface LoadYuvConverterOptions extends YuvConversion {
  readonly executionProviders: readonly ExecutionProviderName[];
  readonly deviceId?: number;
  readonly logger?: InferenceLogger;
  readonly threads?: SessionThreads;
}

/** Bytes of one width×height frame of a planar YUV format. */
export function yuvFrameBytes(format: YuvFormat, width: number, height: number): number {
  const { subX, subY, onnxType } = YUV_FORMATS[format];
  const sampleBytes = onnxType === 'uint16' ? 2 : 1;
  return sampleBytes * (width * height + 2 * (width / subX) * (height / subY));
}

/** Converts whole frames between a planar YUV format and packed RGB, in onnxruntime. */
export class YuvConverter {
  private constructor(
    readonly conversion: YuvConversion,
    private readonly toRgbSession: ModelSession,
    private readonly toYuvSession: ModelSession,
  ) {}

  /** Builds and loads both graphs (on the given providers, like the models). */
  static async load(options: LoadYuvConverterOptions): Promise<YuvConverter> {
    const { yuv, rgb, matrix, range, executionProviders, deviceId, logger, threads } = options;
    const colour = { matrix, range };
    const common = {
      executionProviders,
      ...(deviceId === undefined ? {} : { deviceId }),
      logger: logger ?? quietLogger,
      ...(threads ? { threads } : {}),
    };
    const label = `${yuv} ${matrix} ${range}`;
    const [toRgb, toYuv] = await Promise.all([
      loadModelSession({
        ...common,
        bytes: buildYuvToRgb(yuv, rgb, colour),
        label: `${label} → ${rgb}`,
      }),
      loadModelSession({
        ...common,
        bytes: buildRgbToYuv(rgb, yuv, colour),
        label: `${rgb} → ${label}`,
      }),
    ]);
    return new YuvConverter({ yuv, rgb, matrix, range }, toRgb, toYuv);
  }

  /** One planar YUV frame → one packed RGB frame of the same size. */
  async toRgb(frame: Uint8Array, width: number, height: number): Promise<Buffer> {
    const { yuv, rgb } = this.conversion;
    const out = await this.toRgbSession.session.run(
      yuvPlaneFeeds(frame, yuv, width, height, YUV_NAMES),
    );
    const data = out[YUV_NAMES.rgb]?.data as Uint8Array | Uint16Array | undefined;
    if (data === undefined) throw new Error('the yuv → rgb graph returned no output');
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    checkSize(bytes, frameBytes(rgb, width, height), `${rgb} ${width}x${height}`);
    return bytes;
  }

  /** One packed RGB frame → one planar YUV frame of the same size (4:2:0 needs even sides). */
  async toYuv(frame: Uint8Array, width: number, height: number): Promise<Buffer> {
    const { yuv, rgb } = this.conversion;
    checkSize(frame, frameBytes(rgb, width, height), `${rgb} ${width}x${height}`);
    const samples = frameSamples(frame, rgb);
    const out = await this.toYuvSession.session.run({
      [YUV_NAMES.rgb]: new ort.Tensor(PIXEL_FORMATS[rgb].onnxType, samples, [1, height, width, 3]),
    });
    return yuvOutput(out, YUV_NAMES.yuv, yuv, width, height);
  }

  async close(): Promise<void> {
    await Promise.all([this.toRgbSession.session.release(), this.toYuvSession.session.release()]);
  }
}

/**
 * Feeds for the planes of one width×height `yuv` frame (views of its bytes), named by
 * `planes`.
 *
 * @throws RangeError when the frame is not exactly one such frame.
 */
export function yuvPlaneFeeds(
  frame: Uint8Array,
  yuv: YuvFormat,
  width: number,
  height: number,
  planes: YuvPlanes,
): Record<string, ort.Tensor> {
  const { subX, subY, onnxType } = YUV_FORMATS[yuv];
  checkSize(frame, yuvFrameBytes(yuv, width, height), `${yuv} ${width}x${height}`);
  const samples = yuvSamples(frame, onnxType);
  const lumaCount = width * height;
  const [cw, ch] = [width / subX, height / subY];
  const chromaCount = cw * ch;
  const tensor = (from: number, count: number, dims: number[]) =>
    new ort.Tensor(onnxType, samples.subarray(from, from + count), dims);
  return {
    [planes.y]: tensor(0, lumaCount, [1, height, width]),
    [planes.u]: tensor(lumaCount, chromaCount, [1, ch, cw]),
    [planes.v]: tensor(lumaCount + chromaCount, chromaCount, [1, ch, cw]),
  };
}

/** The bytes of a graph's YUV output `name`, checked to be one width×height frame of `yuv`. */
export function yuvOutput(
  out: ort.InferenceSession.OnnxValueMapType,
  name: string,
  yuv: YuvFormat,
  width: number,
  height: number,
): Buffer {
  const data = out[name]?.data as Uint8Array | Uint16Array | undefined;
  if (data === undefined) throw new Error(`the graph returned no '${name}'`);
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  checkSize(bytes, yuvFrameBytes(yuv, width, height), `${yuv} ${width}x${height}`);
  return bytes;
}

const quietLogger: InferenceLogger = { info: () => undefined, warn: (m) => console.warn(m) };

function yuvSamples(frame: Uint8Array, type: 'uint8' | 'uint16'): Uint8Array | Uint16Array {
  if (type === 'uint8') return frame;
  // yuv420p10le: little-endian 16-bit samples, like rgb48le.
  return frameSamples(frame, 'rgb48le');
}

function checkSize(frame: Uint8Array, expected: number, what: string): void {
  if (frame.length !== expected) {
    throw new RangeError(`${what} frame has ${frame.length} bytes, expected ${expected}`);
  }
}
