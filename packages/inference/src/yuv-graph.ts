// YUV ↔ RGB conversion as ONNX graphs, so ffmpeg hands the planar YUV it decodes
// straight to onnxruntime (no swscale RGB conversion, half the bytes of rgb24
// through each pipe) and the matrix, range and chroma resampling run there.
// Chroma is upsampled as swscale does on the rgb24 / rgb48le path this replaces
// (see upsampleChroma) and downsampled by the mean of each 2×2 block, so
// colours match that path.
import { attr, DATA_TYPE, GraphBuilder, tensorInfo } from '@remaster/onnx-graph';
import { PIXEL_FORMATS, type PixelFormat } from './pixel-format.js';

/** The planar YUV layouts carried through the pipes. */
export type YuvFormat = 'yuv420p' | 'yuv420p10le' | 'yuv444p';

/** ffmpeg's matrix and range names, as in a job's colour plan. */
export interface YuvColour {
  readonly matrix: 'bt601' | 'bt709' | 'bt2020';
  readonly range: 'tv' | 'pc';
}

/** Bits a sample, chroma subsampling and sample type of each layout. */
export const YUV_FORMATS = {
  yuv420p: { bits: 8, subX: 2, subY: 2, onnxType: 'uint8' },
  yuv420p10le: { bits: 10, subX: 2, subY: 2, onnxType: 'uint16' },
  yuv444p: { bits: 8, subX: 1, subY: 1, onnxType: 'uint8' },
} as const satisfies Record<
  YuvFormat,
  { bits: number; subX: 1 | 2; subY: 1 | 2; onnxType: 'uint8' | 'uint16' }
>;

/** Kr and Kb of each matrix. */
const LUMA_WEIGHTS = {
  bt601: [0.299, 0.114],
  bt709: [0.2126, 0.0722],
  bt2020: [0.2627, 0.0593],
} as const;

type Matrix3 = [number, number, number][];

/**
 * RGB in [0,1] = M · [Y, U, V] (samples as stored) + b, for a matrix, range and depth:
 * limited range puts black at 16 and white at 235 (chroma 16–240) scaled by 2^(bits−8),
 * full range uses every code value.
 */
function yuvToRgbAffine(colour: YuvColour, bits: number): { weights: Matrix3; bias: number[] } {
  const [kr, kb] = LUMA_WEIGHTS[colour.matrix];
  const kg = 1 - kr - kb;
  const step = 2 ** (bits - 8);
  const full = colour.range === 'pc';
  const lumaScale = full ? 2 ** bits - 1 : 219 * step;
  const chromaScale = full ? 2 ** bits - 1 : 224 * step;
  const lumaOffset = full ? 0 : 16 * step;
  const chromaOffset = 2 ** (bits - 1);
  // [R,G,B] = A · [Y', Cb, Cr]
  const a: Matrix3 = [
    [1, 0, 2 * (1 - kr)],
    [1, (-2 * kb * (1 - kb)) / kg, (-2 * kr * (1 - kr)) / kg],
    [1, 2 * (1 - kb), 0],
  ];
  const scale = [lumaScale, chromaScale, chromaScale];
  const offset = [lumaOffset, chromaOffset, chromaOffset];
  const weights = a.map((row) => row.map((v, j) => v / scale[j]!) as [number, number, number]);
  const bias = weights.map((row) => -row.reduce((sum, v, j) => sum + v * offset[j]!, 0));
  return { weights, bias };
}

/** The inverse affine map: [Y, U, V] samples (unrounded) = W · RGB in [0,1] + c. */
function rgbToYuvAffine(colour: YuvColour, bits: number): { weights: Matrix3; bias: number[] } {
  const { weights, bias } = yuvToRgbAffine(colour, bits);
  const inverse = invert3(weights);
  const c = inverse.map((row) => -row.reduce((sum, v, j) => sum + v * bias[j]!, 0));
  return { weights: inverse, bias: c };
}

/** Names of the converter graphs' inputs and outputs. */
export const YUV_NAMES = { y: 'y', u: 'u', v: 'v', rgb: 'rgb', yuv: 'yuv' } as const;

/**
 * `y` [N,H,W], `u`, `v` [N,H/sy,W/sx] (the planes of a frame of `yuv`) → `rgb`
 * [N,H,W,3] packed samples of `rgb` (uint8 rgb24, uint16 rgb48le). The chroma terms of
 * the matrix are computed at chroma resolution, then upsampled and added to luma's.
 */
export function buildYuvToRgb(yuv: YuvFormat, rgb: PixelFormat, colour: YuvColour): Uint8Array {
  const { bits, subX, subY, onnxType } = YUV_FORMATS[yuv];
  const max = PIXEL_FORMATS[rgb].maxSample;
  const g = new GraphBuilder(`${yuv}-to-${rgb}`);
  const float = (name: string) => g.op('Cast', [name], { to: attr.int(DATA_TYPE.float32) });
  const { weights, bias } = yuvToRgbAffine(colour, bits);
  // Luma's weight is the same for R, G and B: one plane, broadcast over the channels.
  const luma = g.op('Mul', [
    float(g.op('Unsqueeze', [YUV_NAMES.y, g.int([1])])),
    g.float([weights[0]![0] * max]),
  ]);
  const uv = g.op(
    'Concat',
    [YUV_NAMES.u, YUV_NAMES.v].map((n) => g.op('Unsqueeze', [n, g.int([1])])),
    {
      axis: attr.int(1),
    },
  );
  // + 0.5 so that the truncating Cast below rounds to nearest.
  let chroma = g.op('Conv', [
    float(uv),
    g.float(
      weights.flatMap((row) => [row[1] * max, row[2] * max]),
      [3, 2, 1, 1],
    ),
    g.float(
      bias.map((v) => v * max + 0.5),
      [3],
    ),
  ]);
  if (subX !== 1 || subY !== 1) chroma = upsampleChroma(g, chroma, YUV_FORMATS[yuv]);
  const samples = g.op('Add', [luma, chroma]);
  const clipped = g.op('Clip', [samples, g.float([0]), g.float([max + 0.499])]);
  const typed = g.op('Cast', [clipped], { to: attr.int(DATA_TYPE[PIXEL_FORMATS[rgb].onnxType]) });
  g.op('Transpose', [typed], { perm: attr.ints([0, 2, 3, 1]) }, YUV_NAMES.rgb);
  const chromaDims = ['N', subY === 1 ? 'H' : 'Hc', subX === 1 ? 'W' : 'Wc'];
  return g.build(
    [
      tensorInfo(YUV_NAMES.y, onnxType, ['N', 'H', 'W']),
      tensorInfo(YUV_NAMES.u, onnxType, chromaDims),
      tensorInfo(YUV_NAMES.v, onnxType, chromaDims),
    ],
    [tensorInfo(YUV_NAMES.rgb, PIXEL_FORMATS[rgb].onnxType, ['N', 'H', 'W', 3])],
  );
}

/**
 * `rgb` [N,H,W,3] packed samples → `yuv` [N,S]: each frame's Y, U and V planes one after
 * another, S samples, exactly the bytes ffmpeg reads as rawvideo of `yuv`. The matrix is
 * linear, so chroma is taken from the 2×2 means of RGB, at chroma resolution.
 */
export function buildRgbToYuv(rgb: PixelFormat, yuv: YuvFormat, colour: YuvColour): Uint8Array {
  const { bits, subX, subY, onnxType } = YUV_FORMATS[yuv];
  const max = PIXEL_FORMATS[rgb].maxSample;
  const g = new GraphBuilder(`${rgb}-to-${yuv}`);
  const planar = g.op('Transpose', [YUV_NAMES.rgb], { perm: attr.ints([0, 3, 1, 2]) });
  const float = g.op('Cast', [planar], { to: attr.int(DATA_TYPE.float32) });
  const { weights, bias } = rgbToYuvAffine(colour, bits);
  const rows = (from: number, to: number) =>
    weights
      .slice(from, to)
      .flat()
      .map((v) => v / max);
  // + 0.5 so that the truncating Cast rounds to nearest.
  const quantised = (input: string, from: number, to: number) => {
    const samples = g.op('Conv', [
      input,
      g.float(rows(from, to), [to - from, 3, 1, 1]),
      g.float(
        bias.slice(from, to).map((v) => v + 0.5),
        [to - from],
      ),
    ]);
    const clipped = g.op('Clip', [samples, g.float([0]), g.float([2 ** bits - 1 + 0.499])]);
    const typed = g.op('Cast', [clipped], { to: attr.int(DATA_TYPE[onnxType]) });
    // [N,C,h,w] → [N, C·h·w]: U's plane, then V's, as ffmpeg lays them out.
    return g.op('Reshape', [typed, g.int([0, -1])]);
  };
  const small =
    subX === 1 && subY === 1
      ? float
      : g.op('AveragePool', [float], {
          kernel_shape: attr.ints([subY, subX]),
          strides: attr.ints([subY, subX]),
        });
  g.op('Concat', [quantised(float, 0, 1), quantised(small, 1, 3)], { axis: attr.int(1) }, 'yuv');
  return g.build(
    [tensorInfo(YUV_NAMES.rgb, PIXEL_FORMATS[rgb].onnxType, ['N', 'H', 'W', 3])],
    [tensorInfo(YUV_NAMES.yuv, onnxType, ['N', 'S'])],
  );
}

/**
 * Chroma to luma size as swscale does it on the path this replaces: its unscaled 8-bit
 * converters repeat each sample; at 10 bits its scaler repeats horizontally and
 * interpolates vertically (centred siting).
 */
function upsampleChroma(
  g: GraphBuilder,
  chroma: string,
  { bits, subX, subY }: { bits: number; subX: number; subY: number },
): string {
  const nearest = {
    mode: attr.string('nearest'),
    coordinate_transformation_mode: attr.string('asymmetric'),
    nearest_mode: attr.string('floor'),
  };
  if (bits === 8) return g.op('Resize', [chroma, '', g.float([1, 1, subY, subX])], nearest);
  const wide = g.op('Resize', [chroma, '', g.float([1, 1, 1, subX])], nearest);
  return g.op('Resize', [wide, '', g.float([1, 1, subY, 1])], {
    mode: attr.string('linear'),
    coordinate_transformation_mode: attr.string('half_pixel'),
  });
}

function invert3(m: Matrix3): Matrix3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m as [
    [number, number, number],
    [number, number, number],
    [number, number, number],
  ];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}
