// YUV ↔ RGB conversion as ONNX graphs, so ffmpeg hands the planar YUV it decodes
// straight to onnxruntime (no swscale RGB conversion, half the bytes of rgb24
// through each pipe) and the matrix, range and chroma resampling run there.
// Chroma is upsampled as swscale does on the rgb24 / rgb48le path this replaces
// (see upsampleChroma) and downsampled by the mean of each 2×2 block, so
// colours match that path.
//
// The conversions are fragments (yuvPlanesToRgb, rgbToYuvPlanes) that the
// converter graphs here and a model's own wrapped graph (wrap-for-planar-yuv.ts)
// both use. They are written for onnxruntime's CPU kernels, as profiled
// (docs/benchmarks.md, 2026-12-04): channel mixing as MatMuls, never 1×1 Convs
// (run in a blocked layout with reorders, about half the old graphs' time),
// whole-plane ops, and only integer Transposes.
import { attr, DATA_TYPE, GraphBuilder, tensorInfo, type ValueInfo } from '@remaster/onnx-graph';
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

/** The planes of a YUV frame, by tensor name: `y` [N,H,W], `u` and `v` [N,H/sy,W/sx]. */
export interface YuvPlanes {
  readonly y: string;
  readonly u: string;
  readonly v: string;
}

/** What a conversion fragment works in: the YUV layout, its colour, and RGB's scale. */
export interface YuvFragment {
  readonly yuv: YuvFormat;
  readonly colour: YuvColour;
  /** RGB's value of white: 255 or 65535 for packed samples, 1 for a model's [0,1]. */
  readonly scale: number;
  /** Added to every RGB value (0.5 before a truncating Cast rounds to nearest); default 0. */
  readonly offset?: number;
}

/** The graph inputs for the planes of one `yuv` frame, named by `planes`. */
export function yuvPlaneInputs(yuv: YuvFormat, planes: YuvPlanes = YUV_NAMES): ValueInfo[] {
  const { subX, subY, onnxType } = YUV_FORMATS[yuv];
  const chromaDims = ['N', subY === 1 ? 'H' : 'Hc', subX === 1 ? 'W' : 'Wc'];
  return [
    tensorInfo(planes.y, onnxType, ['N', 'H', 'W']),
    tensorInfo(planes.u, onnxType, chromaDims),
    tensorInfo(planes.v, onnxType, chromaDims),
  ];
}

/**
 * Nodes for `planes` → float planar RGB [N,3,H,W] in units of `scale`, unclamped; returns
 * its name. One pass a plane and no 1×1 Conv (onnxruntime's CPU provider runs those in
 * a blocked layout, reordering in and out): luma's weight is the same for R, G and B, so
 * luma is one scaled plane, broadcast over the channels; the chroma terms of the matrix
 * are one MatMul at chroma resolution, then upsampled and added to it.
 */
export function yuvPlanesToRgb(g: GraphBuilder, planes: YuvPlanes, fragment: YuvFragment): string {
  const { yuv, colour, scale, offset = 0 } = fragment;
  const { bits, subX, subY } = YUV_FORMATS[yuv];
  const { weights, bias } = yuvToRgbAffine(colour, bits);
  const float = (name: string) => g.op('Cast', [name], { to: attr.int(DATA_TYPE.float32) });
  const luma = g.op('Mul', [
    float(withChannelAxis(g, planes.y)),
    g.float([weights[0]![0] * scale]),
  ]);
  const uv = float(
    g.op('Concat', [withChannelAxis(g, planes.u), withChannelAxis(g, planes.v)], {
      axis: attr.int(1),
    }),
  );
  // [3,2] · [N,2,h·w] + [3,1] → [N,3,h·w], back to [N,3,h,w].
  const mixed = g.op('Add', [
    g.op('MatMul', [
      g.float(
        weights.flatMap((row) => [row[1] * scale, row[2] * scale]),
        [3, 2],
      ),
      g.op('Reshape', [uv, g.int([0, 2, -1])]),
    ]),
    g.float(
      bias.map((v) => v * scale + offset),
      [3, 1],
    ),
  ]);
  let chroma = g.op('Reshape', [mixed, shapeWithChannels(g, uv, 3)]);
  if (subX !== 1 || subY !== 1) chroma = upsampleChroma(g, chroma, luma, bits);
  return g.op('Add', [luma, chroma]);
}

/**
 * Nodes for float planar RGB [N,3,H,W] in units of `scale` → [N,S]: each frame's Y, U and
 * V planes one after another, S samples, exactly the bytes ffmpeg reads as rawvideo of
 * `yuv`; returns its name (`output` when given). The matrix is linear, so chroma is taken
 * from the 2×2 means of RGB, at chroma resolution; each plane is one MatMul of the
 * matrix's rows, clamped and rounded.
 */
export function rgbToYuvPlanes(
  g: GraphBuilder,
  rgb: string,
  fragment: YuvFragment,
  output?: string,
): string {
  const { yuv, colour, scale } = fragment;
  const { bits, subX, subY, onnxType } = YUV_FORMATS[yuv];
  const { weights, bias } = rgbToYuvAffine(colour, bits);
  // Rows `from`…`to` of the matrix applied to [N,3,h,w]: [N, (to−from)·h·w], as ffmpeg
  // lays the planes out; + 0.5 so that the truncating Cast rounds to nearest.
  const quantised = (input: string, from: number, to: number) => {
    const rows = weights.slice(from, to);
    const samples = g.op('Add', [
      g.op('MatMul', [
        g.float(
          rows.flat().map((v) => v / scale),
          [to - from, 3],
        ),
        g.op('Reshape', [input, g.int([0, 3, -1])]),
      ]),
      g.float(
        bias.slice(from, to).map((v) => v + 0.5),
        [to - from, 1],
      ),
    ]);
    const clipped = g.op('Clip', [samples, g.float([0]), g.float([2 ** bits - 1 + 0.499])]);
    const typed = g.op('Cast', [clipped], { to: attr.int(DATA_TYPE[onnxType]) });
    return g.op('Reshape', [typed, g.int([0, -1])]);
  };
  const small =
    subX === 1 && subY === 1
      ? rgb
      : g.op('AveragePool', [rgb], {
          kernel_shape: attr.ints([subY, subX]),
          strides: attr.ints([subY, subX]),
        });
  return g.op(
    'Concat',
    [quantised(rgb, 0, 1), quantised(small, 1, 3)],
    { axis: attr.int(1) },
    output,
  );
}

/**
 * `y` [N,H,W], `u`, `v` [N,H/sy,W/sx] (the planes of a frame of `yuv`) → `rgb`
 * [N,H,W,3] packed samples of `rgb` (uint8 rgb24, uint16 rgb48le).
 */
export function buildYuvToRgb(yuv: YuvFormat, rgb: PixelFormat, colour: YuvColour): Uint8Array {
  const max = PIXEL_FORMATS[rgb].maxSample;
  const g = new GraphBuilder(`${yuv}-to-${rgb}`);
  const samples = yuvPlanesToRgb(g, YUV_NAMES, { yuv, colour, scale: max, offset: 0.5 });
  const clipped = g.op('Clip', [samples, g.float([0]), g.float([max + 0.499])]);
  // Transposed as integers: a quarter (uint8) or half (uint16) of the float bytes.
  const typed = g.op('Cast', [clipped], { to: attr.int(DATA_TYPE[PIXEL_FORMATS[rgb].onnxType]) });
  g.op('Transpose', [typed], { perm: attr.ints([0, 2, 3, 1]) }, YUV_NAMES.rgb);
  return g.build(yuvPlaneInputs(yuv), [
    tensorInfo(YUV_NAMES.rgb, PIXEL_FORMATS[rgb].onnxType, ['N', 'H', 'W', 3]),
  ]);
}

/** `rgb` [N,H,W,3] packed samples → `yuv` [N,S], the planes as {@link rgbToYuvPlanes} lays them out. */
export function buildRgbToYuv(rgb: PixelFormat, yuv: YuvFormat, colour: YuvColour): Uint8Array {
  const { onnxType } = YUV_FORMATS[yuv];
  const g = new GraphBuilder(`${rgb}-to-${yuv}`);
  const planar = g.op('Transpose', [YUV_NAMES.rgb], { perm: attr.ints([0, 3, 1, 2]) });
  const float = g.op('Cast', [planar], { to: attr.int(DATA_TYPE.float32) });
  const fragment = { yuv, colour, scale: PIXEL_FORMATS[rgb].maxSample };
  rgbToYuvPlanes(g, float, fragment, YUV_NAMES.yuv);
  return g.build(
    [tensorInfo(YUV_NAMES.rgb, PIXEL_FORMATS[rgb].onnxType, ['N', 'H', 'W', 3])],
    [tensorInfo(YUV_NAMES.yuv, onnxType, ['N', 'S'])],
  );
}

/**
 * Chroma [N,3,h,w] to luma's size [N,3,H,W] as swscale does it on the path this replaces:
 * its unscaled 8-bit converters repeat each sample; at 10 bits its scaler repeats
 * horizontally and interpolates vertically (centred siting: ¾ of the nearer row, ¼ of
 * the next, edges repeated). Built from ops that onnxruntime runs fast on whole planes:
 * its 2×2 nearest Resize, row shifts, and a MatMul by [1,1] for the horizontal repeat
 * (its vertical linear Resize and broadcasts over the innermost axis are many times slower).
 */
function upsampleChroma(g: GraphBuilder, chroma: string, luma: string, bits: number): string {
  const rgbShape = shapeWithChannels(g, luma, 3);
  if (bits === 8) {
    return g.op('Resize', [chroma, g.float([], [0]), g.float([1, 1, 2, 2])], {
      mode: attr.string('nearest'),
      coordinate_transformation_mode: attr.string('asymmetric'),
      nearest_mode: attr.string('floor'),
    });
  }
  const rows = (from: number, to: number) =>
    g.op('Slice', [chroma, g.int([from]), g.int([to]), g.int([2])]);
  const end = Number.MAX_SAFE_INTEGER;
  const above = g.op('Concat', [rows(0, 1), rows(0, -1)], { axis: attr.int(2) });
  const below = g.op('Concat', [rows(1, end), rows(-1, end)], { axis: attr.int(2) });
  const near = g.op('Mul', [chroma, g.float([0.75])]);
  // [N,3,h,w] each → [N,3,h,1,w], rows interleaved: [N,3,h,2,w].
  const row = (other: string) =>
    g.op('Reshape', [
      g.op('Add', [near, g.op('Mul', [other, g.float([0.25])])]),
      g.int([0, 0, 0, 1, -1]),
    ]);
  const tall = g.op('Concat', [row(above), row(below)], { axis: attr.int(3) });
  const repeated = g.op('MatMul', [
    g.op('Reshape', [tall, g.int([0, 0, 0, 0, -1, 1])]),
    g.float([1, 1], [1, 2]),
  ]);
  return g.op('Reshape', [repeated, rgbShape]);
}

/** [N,H,W] → [N,1,H,W] (a Reshape: Unsqueeze changed form in opset 13). */
function withChannelAxis(g: GraphBuilder, plane: string): string {
  const shape = g.op('Shape', [plane]);
  const dims = g.op('Concat', [slice1d(g, shape, 0, 1), g.int([1]), slice1d(g, shape, 1, 3)], {
    axis: attr.int(0),
  });
  return g.op('Reshape', [plane, dims]);
}

/** The shape of `like` ([N,C,H,W]) with `channels` channels. */
function shapeWithChannels(g: GraphBuilder, like: string, channels: number): string {
  const shape = g.op('Shape', [like]);
  return g.op('Concat', [slice1d(g, shape, 0, 1), g.int([channels]), slice1d(g, shape, 2, 4)], {
    axis: attr.int(0),
  });
}

function slice1d(g: GraphBuilder, vector: string, from: number, to: number): string {
  return g.op('Slice', [vector, g.int([from]), g.int([to]), g.int([0])]);
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
