// The fused form of a model for YUV pipes: one graph takes the planes ffmpeg
// decodes and returns the planes ffmpeg encodes, converting to and from the
// model's float planar RGB inside (yuv-graph.ts's fragments), so a frame never
// exists as packed RGB between sessions and, on a GPU, never crosses
// host ↔ device as RGB. Tiled frames keep the three-session path
// (YuvConverter → packed RGB tiles → blend → YuvConverter).
import type { ModelContract, ModelKind } from './model-contract.js';
import { GraphBuilder, tensorInfo, type OnnxModelInfo, type OnnxNode } from '@remaster/onnx-graph';
import {
  feedConstants,
  feedModel,
  modelToWrap,
  outputAsFloat,
  WRAP_PREFIX,
  wrapModel,
  type Wrapping,
} from './wrap-model.js';
import {
  rgbToYuvPlanes,
  YUV_FORMATS,
  yuvPlaneInputs,
  yuvPlanesToRgb,
  type YuvColour,
  type YuvFormat,
  type YuvPlanes,
} from './yuv-graph.js';

/** Names of a fused model's inputs and output, e.g. `yuv420p_y` … `yuv420p_a_y` … `yuv420p_out`. */
export function planarYuvNames(yuv: YuvFormat) {
  const planes = (prefix: string): YuvPlanes => ({
    y: `${prefix}_y`,
    u: `${prefix}_u`,
    v: `${prefix}_v`,
  });
  return {
    frame: planes(yuv),
    a: planes(`${yuv}_a`),
    b: planes(`${yuv}_b`),
    timestep: `${yuv}_timestep`,
    strength: `${yuv}_strength`,
    output: `${yuv}_out`,
  } as const;
}

/**
 * Whether the fused form runs about as fast as the packed one on these providers. Not
 * when onnxruntime's CPU provider would run a cubic Resize on the planes: its planar
 * (NCHW) cubic kernel is 10–20× slower than the NHWC one its transpose optimizer gives
 * the packed form (bicubic-x2 at 640x360: 250 ms against 12 ms a frame, measured
 * 2026-12-04); GPU providers and the other ops have no such gap.
 */
export function fusesWell(
  model: Pick<OnnxModelInfo, 'nodes'>,
  executionProviders: readonly string[],
): boolean {
  if (executionProviders[0] !== 'cpu') return true;
  return !model.nodes.some((n) => n.opType === 'Resize' && n.strings?.['mode'] === 'cubic');
}

/** The planes and colour a fused model works in. */
export interface PlanarYuvForm extends YuvColour {
  readonly yuv: YuvFormat;
}

/**
 * Wraps an sr, vfi or restoration model (planar float32/float16 in [0,1], DESIGN.md §3) so
 * it takes and returns planar YUV frames of `form` (names from {@link planarYuvNames}, shown
 * for yuv420p): sr and restoration (`yuv420p_y` [N,H,W], `yuv420p_u`, `yuv420p_v`
 * [N,H/2,W/2], and `yuv420p_strength` float32 [N,1,1,1] for a model with a strength input)
 * → `yuv420p_out` [N,S], each frame's Y, U and V planes one after another as ffmpeg reads
 * them; vfi (`yuv420p_a_y` … `yuv420p_b_v`, `yuv420p_timestep` float32 [N,1,1,1]) →
 * `yuv420p_out`. RGB is clamped to [0,1] on the way in and out; samples are rounded.
 *
 * @throws ModelError MODEL_CONTRACT when the model does not fit a contract or its opset is below 11.
 */
export function wrapForPlanarYuv(
  bytes: Uint8Array,
  form: PlanarYuvForm,
  kind?: ModelKind,
): Uint8Array {
  const { yuv, matrix, range } = form;
  const contract = modelToWrap(bytes, kind, yuv);
  const names = planarYuvNames(yuv);
  const fragment = { yuv, colour: { matrix, range }, scale: 1 };
  const input = new GraphBuilder(`${yuv}-in`, `${WRAP_PREFIX}yuv_in_`);
  const unit = (planes: YuvPlanes) =>
    input.op('Clip', [yuvPlanesToRgb(input, planes, fragment), input.float([0]), input.float([1])]);
  const strength = contract.strengthInput === undefined ? undefined : names.strength;
  const feed = feedFromPlanes(contract, names, unit);
  const output = new GraphBuilder(`${yuv}-out`, `${WRAP_PREFIX}yuv_out_`);
  const { nodes: toFloat, name: float } = outputAsFloat(contract);
  const clipped = output.op('Clip', [float, output.float([0]), output.float([1])]);
  rgbToYuvPlanes(output, clipped, fragment, names.output);
  const [before, after] = [input.parts(), output.parts()];
  const wrapping: Wrapping = {
    before: [...before.nodes, ...feed],
    after: [...toFloat, ...after.nodes] as OnnxNode[],
    initializers: [...before.initializers, ...after.initializers, ...feedConstants()],
    inputs:
      contract.kind === 'vfi'
        ? [
            ...yuvPlaneInputs(yuv, names.a),
            ...yuvPlaneInputs(yuv, names.b),
            tensorInfo(names.timestep, 'float32', ['N', 1, 1, 1]),
          ]
        : [
            ...yuvPlaneInputs(yuv, names.frame),
            ...(strength === undefined ? [] : [tensorInfo(strength, 'float32', ['N', 1, 1, 1])]),
          ],
    output: tensorInfo(names.output, YUV_FORMATS[yuv].onnxType, ['N', 'S_out']),
  };
  return wrapModel(bytes, contract, wrapping);
}

/** The model's inputs fed from the planes of `names`, each made float RGB by `unit`. */
function feedFromPlanes(
  contract: ModelContract,
  names: ReturnType<typeof planarYuvNames>,
  unit: (planes: YuvPlanes) => string,
): OnnxNode[] {
  switch (contract.kind) {
    case 'sr':
      return feedModel(contract, { kind: 'sr', frame: unit(names.frame) });
    case 'restoration':
      return feedModel(contract, {
        kind: 'restoration',
        frame: unit(names.frame),
        ...(contract.strengthInput === undefined ? {} : { strength: names.strength }),
      });
    case 'vfi':
      return feedModel(contract, {
        kind: 'vfi',
        a: unit(names.a),
        b: unit(names.b),
        timestep: names.timestep,
      });
  }
}
