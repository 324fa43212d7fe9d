// Moves per-pixel pre/post-processing into the model: the wrapped graph takes
// ffmpeg's packed frames as they are (rgb24 as uint8 NHWC, rgb48le as uint16
// NHWC) and returns the same, so onnxruntime (multi-threaded, or on the GPU)
// does the layout change, scaling, clamping and rounding that JavaScript
// would otherwise do one sample at a time. The splicing is wrap-model.ts's,
// shared with the planar YUV form (wrap-for-planar-yuv.ts).
import type { ModelContract, ModelKind } from './model-contract.js';
import { PIXEL_FORMATS, type PixelFormat } from './pixel-format.js';
import type { Initializer, OnnxModelInfo, OnnxNode, ValueInfo } from '@remaster/onnx-graph';
import { attr, DATA_TYPE, floatTensor, node, tensorInfo } from '@remaster/onnx-graph';
import {
  canWrap,
  feedConstants,
  feedModel,
  modelToWrap,
  outputAsFloat,
  WRAP_PREFIX,
  wrapModel,
  type Wrapping,
} from './wrap-model.js';

/** Names of a wrapped model's inputs and output, e.g. `rgb24`, `rgb24_a` … `rgb24_out`. */
export function packedRgbNames(format: PixelFormat) {
  return {
    frame: format,
    a: `${format}_a`,
    b: `${format}_b`,
    timestep: `${format}_timestep`,
    strength: `${format}_strength`,
    output: `${format}_out`,
  } as const;
}

type Names = ReturnType<typeof packedRgbNames>;

const PREFIX = `${WRAP_PREFIX}packed_`;

/** Whether {@link wrapForPackedRgb} can wrap this model (its default-domain opset is 11 or later). */
export function canWrapForPackedRgb(model: OnnxModelInfo): boolean {
  return canWrap(model);
}

/**
 * Wraps an sr, vfi or restoration model (planar float32/float16 in [0,1], DESIGN.md §3)
 * so it takes packed frames of `format` (samples uint8 for rgb24, uint16 for
 * rgb48le; names from {@link packedRgbNames}, shown for rgb24): sr `rgb24`
 * [N,H,W,3] → `rgb24_out` [N,sH,sW,3]; vfi (`rgb24_a`, `rgb24_b` [N,H,W,3],
 * `rgb24_timestep` float32 [N,1,1,1]) → `rgb24_out`; restoration `rgb24` (and
 * `rgb24_strength` float32 [N,1,1,1] when the model takes a strength) → `rgb24_out`. Samples are divided by
 * their maximum (255 or 65535); the output is clamped to [0,1], scaled back
 * and rounded (half to even) in the graph.
 *
 * @throws ModelError MODEL_CONTRACT when the model does not fit a contract or its opset is below 11.
 */
export function wrapForPackedRgb(
  bytes: Uint8Array,
  kind?: ModelKind,
  format: PixelFormat = 'rgb24',
): Uint8Array {
  const contract = modelToWrap(bytes, kind, format);
  const names = packedRgbNames(format);
  const output = tensorInfo(names.output, PIXEL_FORMATS[format].onnxType, [
    'N',
    'H_out',
    'W_out',
    3,
  ]);
  const common = { after: toPacked(contract, names, format), initializers: constants(format) };
  const wrapping: Wrapping = { ...common, ...interfaceOf(contract, names, format), output };
  return wrapModel(bytes, contract, wrapping);
}

const unit = (from: string) => `${PREFIX}${from}_unit`;

/** The nodes before the model and the wrapped model's inputs, by the model's kind. */
function interfaceOf(
  contract: ModelContract,
  names: Names,
  format: PixelFormat,
): Pick<Wrapping, 'before' | 'inputs'> {
  switch (contract.kind) {
    case 'sr':
      return {
        before: [
          ...toPlanar(names.frame),
          ...feedModel(contract, { kind: 'sr', frame: unit(names.frame) }),
        ],
        inputs: [frameInfo(names.frame, format)],
      };
    case 'restoration': {
      const strength = contract.strengthInput === undefined ? undefined : names.strength;
      return {
        before: [
          ...toPlanar(names.frame),
          ...feedModel(contract, {
            kind: 'restoration',
            frame: unit(names.frame),
            ...(strength === undefined ? {} : { strength }),
          }),
        ],
        inputs: [
          frameInfo(names.frame, format),
          ...(strength === undefined ? [] : [tensorInfo(strength, 'float32', ['N', 1, 1, 1])]),
        ],
      };
    }
    case 'vfi':
      return {
        before: [
          ...toPlanar(names.a),
          ...toPlanar(names.b),
          ...feedModel(contract, {
            kind: 'vfi',
            a: unit(names.a),
            b: unit(names.b),
            timestep: names.timestep,
          }),
        ],
        inputs: [
          frameInfo(names.a, format),
          frameInfo(names.b, format),
          tensorInfo(names.timestep, 'float32', ['N', 1, 1, 1]),
        ],
      };
  }
}

/**
 * Packed samples NHWC → float32 NCHW in [0,1] (named {@link unit}); transposing the
 * samples first moves a quarter (uint8) or half (uint16) of the memory.
 */
function toPlanar(from: string): OnnxNode[] {
  const id = `${PREFIX}${from}`;
  return [
    node('Transpose', [from], [`${id}_nchw`], { perm: attr.ints([0, 3, 1, 2]) }),
    node('Cast', [`${id}_nchw`], [`${id}_float`], { to: attr.int(DATA_TYPE.float32) }),
    // Division, like the JavaScript path, gives the correctly rounded k/max.
    node('Div', [`${id}_float`, `${PREFIX}max`], [unit(from)]),
  ];
}

/** Output → clamp to [0,1] → ×max → round → uint8/uint16 → NHWC. */
function toPacked(contract: ModelContract, names: Names, format: PixelFormat): OnnxNode[] {
  const { nodes, name: float } = outputAsFloat(contract);
  const sampleType = DATA_TYPE[PIXEL_FORMATS[format].onnxType];
  return [
    ...nodes,
    node('Clip', [float, `${PREFIX}0`, `${PREFIX}1`], [`${PREFIX}clipped`]),
    node('Mul', [`${PREFIX}clipped`, `${PREFIX}max`], [`${PREFIX}scaled`]),
    node('Round', [`${PREFIX}scaled`], [`${PREFIX}rounded`]),
    node('Cast', [`${PREFIX}rounded`], [`${PREFIX}samples`], { to: attr.int(sampleType) }),
    node('Transpose', [`${PREFIX}samples`], [names.output], { perm: attr.ints([0, 2, 3, 1]) }),
  ];
}

function constants(format: PixelFormat): Initializer[] {
  return [
    floatTensor(`${PREFIX}0`, [], [0]),
    floatTensor(`${PREFIX}1`, [], [1]),
    floatTensor(`${PREFIX}max`, [], [PIXEL_FORMATS[format].maxSample]),
    ...feedConstants(),
  ];
}

function frameInfo(name: string, format: PixelFormat): ValueInfo {
  return tensorInfo(name, PIXEL_FORMATS[format].onnxType, ['N', 'H', 'W', 3]);
}
