// Models the project writes itself, so every pipeline runs and is tested with
// no download. They follow the same contracts as the real models (DESIGN.md §3).
import type { BuiltinModelId, BuiltinModelInfo } from './builtin-catalog.js';
import { BUILTIN_MODEL_INFO } from './builtin-catalog.js';
import { buildMotionInterpolator } from './motion-interpolator.js';
import { attr, buildModel, floatTensor, int64Tensor, node, tensorInfo } from './onnx-writer.js';

/** A model generated in code (its entry of builtin-catalog.ts) with the code that writes it. */
export interface BuiltinModel extends BuiltinModelInfo {
  /** Writes the ONNX bytes; cheap, so callers may build on demand. */
  build(): Uint8Array;
}

/**
 * Super-resolution contract: `input` [N,3,H,W] RGB in [0,1] → `output`
 * [N,3,sH,sW]. Cubic Resize with a = -0.75 and half-pixel centres matches
 * what OpenCV and PyTorch call bicubic; cubic overshoots at edges, hence Clip.
 */
function buildBicubic(scale: number): Uint8Array {
  return buildModel({
    name: `bicubic-x${scale}`,
    inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float32', ['N', 3, `${scale}H`, `${scale}W`])],
    nodes: [
      node('Resize', ['input', '', 'scales'], ['resized'], {
        mode: attr.string('cubic'),
        cubic_coeff_a: attr.float(-0.75),
        coordinate_transformation_mode: attr.string('half_pixel'),
      }),
      node('Clip', ['resized', 'zero', 'one'], ['output']),
    ],
    initializers: [
      floatTensor('scales', [4], [1, 1, scale, scale]),
      floatTensor('zero', [], [0]),
      floatTensor('one', [], [1]),
    ],
  });
}

/**
 * Interpolation contract: `input` [N,7,H,W] = frame A RGB, frame B RGB and a
 * timestep plane → `output` [N,3,H,W] = A + (B − A)·t. The timestep is read
 * per pixel from channel 6, so one model serves every t in [0,1].
 */
function buildBlend(): Uint8Array {
  const channels = (from: number, to: number, output: string) =>
    node('Slice', ['input', `start_${from}`, `end_${to}`, 'channel_axis'], [output]);
  return buildModel({
    name: 'blend',
    inputs: [tensorInfo('input', 'float32', ['N', 7, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
    nodes: [
      channels(0, 3, 'a'),
      channels(3, 6, 'b'),
      channels(6, 7, 't'),
      node('Sub', ['b', 'a'], ['difference']),
      // t is [N,1,H,W] and broadcasts over the three colour channels.
      node('Mul', ['difference', 't'], ['step']),
      node('Add', ['a', 'step'], ['output']),
    ],
    initializers: [
      int64Tensor('start_0', [1], [0]),
      int64Tensor('start_3', [1], [3]),
      int64Tensor('start_6', [1], [6]),
      int64Tensor('end_3', [1], [3]),
      int64Tensor('end_6', [1], [6]),
      int64Tensor('end_7', [1], [7]),
      int64Tensor('channel_axis', [1], [1]),
    ],
  });
}

/** The graph writer of each built-in model; the type makes every catalogue entry have one. */
const BUILDERS: Record<BuiltinModelId, () => Uint8Array> = {
  'bicubic-x2': () => buildBicubic(2),
  'bicubic-x4': () => buildBicubic(4),
  blend: buildBlend,
  mci: () => buildMotionInterpolator(),
};

/** Every built-in model, by id. */
export const builtinModels: readonly BuiltinModel[] = BUILTIN_MODEL_INFO.map((info) => ({
  ...info,
  build: BUILDERS[info.id],
}));

/** The built-in model with this id, or undefined when there is none. */
export function findBuiltinModel(id: string): BuiltinModel | undefined {
  return builtinModels.find((model) => model.id === id);
}
