// The model contracts of DESIGN.md §3, checked against declared inputs and
// outputs before a model is ever run, so a model that does not fit fails
// with MODEL_CONTRACT and a reason instead of a native crash mid-job.
import type { InferenceSession } from 'onnxruntime-node';
import { ModelError } from './model-error.js';
import { PIXEL_FORMATS, type PixelFormat } from './pixel-format.js';

/** What a model does: super-resolution, frame interpolation, or 1x restoration (denoise, deblock). */
export type ModelKind = 'sr' | 'vfi' | 'restoration';

/**
 * How frames are fed. `nchw`: planar RGB in [0,1] as float32 or float16, the
 * exported models' contract. `rgb24` / `rgb48le`: uint8 / uint16 NHWC in and
 * out, as ffmpeg's packed frames are, the forms {@link wrapForPackedRgb}
 * gives a model.
 */
export type ModelLayout = 'nchw' | PixelFormat;

/** One declared input or output, from onnxruntime metadata or the ONNX file. */
export interface TensorSignature {
  name: string;
  type: string;
  /** Numbers are fixed sizes; strings (and negative numbers) are dynamic. */
  shape: readonly (number | string)[];
}

/** A model's declared inputs and outputs. */
export interface IoSignature {
  inputs: readonly TensorSignature[];
  outputs: readonly TensorSignature[];
}

/** A model that fits a contract, with the names and types to feed it. */
export interface ModelContract {
  kind: ModelKind;
  layout: ModelLayout;
  /** Element type of the frame inputs and the output. */
  dtype: 'float32' | 'float16' | 'uint8' | 'uint16';
  /**
   * Input names. sr: [frame]. vfi: [packed] for the 7-channel form, or
   * [a, b, timestep] for the three-input form. restoration: [frame], or [frame, strength].
   */
  inputs: readonly string[];
  output: string;
  /** Three-input vfi only: the declared timestep shape, to feed it as the model expects. */
  timestepShape?: readonly (number | string)[];
  /**
   * Restoration only: the input that takes the noise strength (FFDNet's `sigma`: σ/255,
   * one value per frame); absent for a blind model, which takes the frame alone.
   */
  strengthInput?: string;
  /** The declared shape of {@link strengthInput}: [N,1,1,1], [N,1,H,W] (a uniform map), [N] or []. */
  strengthShape?: readonly (number | string)[];
}

/** Reads a session's declared inputs and outputs (onnxruntime-node ≥ 1.21). */
export function sessionSignature(
  session: Pick<InferenceSession, 'inputMetadata' | 'outputMetadata'>,
): IoSignature {
  const convert = (metadata: readonly InferenceSession.ValueMetadata[]): TensorSignature[] =>
    metadata.map((value) =>
      value.isTensor
        ? { name: value.name, type: value.type, shape: value.shape }
        : { name: value.name, type: 'non-tensor', shape: [] },
    );
  return { inputs: convert(session.inputMetadata), outputs: convert(session.outputMetadata) };
}

/**
 * Matches a signature to a contract: sr `[N,3,H,W]`→`[N,3,sH,sW]`; vfi
 * `[N,7,H,W]`→`[N,3,H,W]` or (A `[N,3,H,W]`, B, timestep)→`[N,3,H,W]`; restoration
 * `[N,3,H,W]` (and at most one strength input, e.g. `sigma` `[N,1,1,1]`)→`[N,3,H,W]`; or
 * the packed (rgb24, rgb48le) forms of each. With no `kind`, the signature decides: a
 * frame and a strength input is restoration, one frame alone sr (whether it upscales at
 * all only a run shows: SPAN ×2 declares its output `[N,3,height,width]`; the discovery's
 * probe registers a 1x one as restoration).
 *
 * @throws ModelError MODEL_CONTRACT naming what does not fit.
 */
export function checkContract(signature: IoSignature, kind?: ModelKind): ModelContract {
  const { inputs, outputs } = signature;
  const [output] = outputs;
  if (output === undefined || outputs.length !== 1) {
    throw contractError(`the model has ${outputs.length} outputs; the contracts need exactly one`);
  }
  const packed = packedFormatOf(inputs[0]);
  const expected = kind ?? guessKind(inputs);
  switch (expected) {
    case 'sr':
      return packed ? checkPackedSr(inputs, output, packed) : checkSr(inputs, output);
    case 'vfi':
      return packed ? checkPackedVfi(inputs, output, packed) : checkVfi(inputs, output);
    case 'restoration':
      return checkRestoration(inputs, output, packed);
  }
}

/** The packed format whose samples an input takes (uint8: rgb24, uint16: rgb48le), if any. */
function packedFormatOf(input: TensorSignature | undefined): PixelFormat | undefined {
  if (input?.type === 'uint8') return 'rgb24';
  if (input?.type === 'uint16') return 'rgb48le';
  return undefined;
}

function guessKind(inputs: readonly TensorSignature[]): ModelKind {
  if (inputs.length === 2 && inputs.filter(isPerItemValue).length === 1) {
    const frame = inputs.find((input) => !isPerItemValue(input));
    if (fits(frame?.shape[packedFormatOf(frame) ? 3 : 1], 3)) return 'restoration';
  }
  if (inputs.length !== 1) return 'vfi';
  const channels = inputs[0]?.shape[packedFormatOf(inputs[0]) ? 3 : 1];
  return channels === 7 ? 'vfi' : 'sr';
}

function checkSr(inputs: readonly TensorSignature[], output: TensorSignature): ModelContract {
  const [input] = inputs;
  if (input === undefined || inputs.length !== 1) {
    throw contractError(
      `a super-resolution model takes one input [N,3,H,W], this one takes ${describe(inputs)}`,
    );
  }
  const dtype = floatType(input);
  expectPlanes(input, 3, 'super-resolution input');
  expectPlanes(output, 3, 'super-resolution output');
  expectType(output, dtype);
  return { kind: 'sr', layout: 'nchw', dtype, inputs: [input.name], output: output.name };
}

function checkVfi(inputs: readonly TensorSignature[], output: TensorSignature): ModelContract {
  expectPlanes(output, 3, 'interpolation output');
  const [first] = inputs;
  if (first !== undefined && inputs.length === 1) {
    const dtype = floatType(first);
    expectPlanes(first, 7, 'interpolation input (A, B, timestep)');
    expectType(output, dtype);
    return { kind: 'vfi', layout: 'nchw', dtype, inputs: [first.name], output: output.name };
  }
  const timestep = inputs.find(isTimestep);
  const frames = inputs.filter((input) => input !== timestep);
  const [a, b] = frames;
  if (inputs.length !== 3 || timestep === undefined || a === undefined || b === undefined) {
    throw contractError(
      `an interpolation model takes [N,7,H,W] or (A, B, timestep), this one takes ${describe(inputs)}`,
    );
  }
  const dtype = floatType(a);
  for (const frame of [a, b]) expectPlanes(frame, 3, `interpolation input '${frame.name}'`);
  for (const tensor of [b, timestep, output]) expectType(tensor, dtype);
  return {
    kind: 'vfi',
    layout: 'nchw',
    dtype,
    inputs: [a.name, b.name, timestep.name],
    output: output.name,
    timestepShape: timestep.shape,
  };
}

function checkPackedSr(
  inputs: readonly TensorSignature[],
  output: TensorSignature,
  format: PixelFormat,
): ModelContract {
  const [input] = inputs;
  if (input === undefined || inputs.length !== 1) {
    throw contractError(
      `an ${format} super-resolution model takes one input, this one takes ${describe(inputs)}`,
    );
  }
  for (const tensor of [input, output]) expectPacked(tensor, format);
  const dtype = PIXEL_FORMATS[format].onnxType;
  return { kind: 'sr', layout: format, dtype, inputs: [input.name], output: output.name };
}

function checkPackedVfi(
  inputs: readonly TensorSignature[],
  output: TensorSignature,
  format: PixelFormat,
): ModelContract {
  const [a, b, timestep] = inputs;
  if (a === undefined || b === undefined || timestep === undefined || inputs.length !== 3) {
    throw contractError(
      `an ${format} interpolation model takes (A, B, timestep), this one takes ${describe(inputs)}`,
    );
  }
  for (const tensor of [a, b, output]) expectPacked(tensor, format);
  expectType(timestep, 'float32');
  return {
    kind: 'vfi',
    layout: format,
    dtype: PIXEL_FORMATS[format].onnxType,
    inputs: [a.name, b.name, timestep.name],
    output: output.name,
    timestepShape: timestep.shape,
  };
}

/** A timestep is a single plane [N,1,H,W], a per-item [N,1,1,1] / [N] or a scalar. */
function isTimestep(input: TensorSignature): boolean {
  return isPerItemValue(input) || /time|^t$/i.test(input.name);
}

/** One value per frame: a single plane [N,1,H,W], [N,1,1,1], [N] or a scalar. */
function isPerItemValue(input: TensorSignature): boolean {
  return input.shape.length < 4 || input.shape[1] === 1;
}

/**
 * A restoration model: one frame (planar float, or packed samples) and at most one
 * strength input of one value per frame, the output a frame of the same form.
 */
function checkRestoration(
  inputs: readonly TensorSignature[],
  output: TensorSignature,
  packed: PixelFormat | undefined,
): ModelContract {
  const frames = inputs.filter((input) => !isPerItemValue(input));
  const values = inputs.filter(isPerItemValue);
  const [frame] = frames;
  const [strength] = values;
  if (frame === undefined || frames.length > 1 || values.length > 1) {
    throw contractError(
      `a restoration model takes one frame [N,3,H,W] and at most one strength input ([N,1,1,1], [N] or a scalar), this one takes ${describe(inputs)}`,
    );
  }
  const strengthPart =
    strength === undefined ? {} : { strengthInput: strength.name, strengthShape: strength.shape };
  const names = strength === undefined ? [frame.name] : [frame.name, strength.name];
  if (packed) {
    for (const tensor of [frame, output]) expectPacked(tensor, packed);
    if (strength !== undefined) expectType(strength, 'float32');
    const dtype = PIXEL_FORMATS[packed].onnxType;
    const layout = packed;
    return {
      kind: 'restoration',
      layout,
      dtype,
      inputs: names,
      output: output.name,
      ...strengthPart,
    };
  }
  const dtype = floatType(frame);
  expectPlanes(frame, 3, 'restoration input');
  expectPlanes(output, 3, 'restoration output');
  for (const tensor of strength === undefined ? [output] : [strength, output]) {
    expectType(tensor, dtype);
  }
  return {
    kind: 'restoration',
    layout: 'nchw',
    dtype,
    inputs: names,
    output: output.name,
    ...strengthPart,
  };
}

function floatType(tensor: TensorSignature): 'float32' | 'float16' {
  if (tensor.type === 'float32' || tensor.type === 'float16') return tensor.type;
  throw contractError(
    `input '${tensor.name}' is ${tensor.type}; models must take float32 or float16`,
  );
}

function expectType(tensor: TensorSignature, type: string): void {
  if (tensor.type !== type) {
    throw contractError(`'${tensor.name}' is ${tensor.type} but the frame inputs are ${type}`);
  }
}

function expectPlanes(tensor: TensorSignature, channels: number, what: string): void {
  if (tensor.shape.length !== 4 || !fits(tensor.shape[1], channels)) {
    throw contractError(
      `${what} '${tensor.name}' is [${tensor.shape.join(', ')}], expected [N, ${channels}, H, W]`,
    );
  }
}

function expectPacked(tensor: TensorSignature, format: PixelFormat): void {
  const type = PIXEL_FORMATS[format].onnxType;
  if (tensor.type !== type || tensor.shape.length !== 4 || !fits(tensor.shape[3], 3)) {
    throw contractError(
      `'${tensor.name}' is ${tensor.type} [${tensor.shape.join(', ')}], expected ${type} [N, H, W, 3]`,
    );
  }
}

/** A dynamic dimension (a name, '' or -1) may take any size. */
function fits(dim: number | string | undefined, size: number): boolean {
  return typeof dim === 'string' || (typeof dim === 'number' && (dim === size || dim < 0));
}

function describe(tensors: readonly TensorSignature[]): string {
  if (tensors.length === 0) return 'no inputs';
  return tensors.map((t) => `'${t.name}' ${t.type} [${t.shape.join(', ')}]`).join(', ');
}

function contractError(message: string): ModelError {
  return new ModelError('MODEL_CONTRACT', `model does not fit the contract: ${message}`);
}
