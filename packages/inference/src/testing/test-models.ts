// Small models built in code for tests: the contract forms the built-ins do
// not cover (three inputs, float16) and models that fit no contract.
import { attr, buildModel, floatTensor, int64Tensor, node, tensorInfo } from '@remaster/onnx-graph';

const FLOAT = 1;
const FLOAT16 = 10;

/** Blend in the three-input form: `img0`, `img1` [N,3,H,W] and `timestep` shaped as given. */
export function threeInputBlend(timestepShape: readonly (number | string)[]): Uint8Array {
  return buildModel({
    inputs: [
      tensorInfo('img0', 'float32', ['N', 3, 'H', 'W']),
      tensorInfo('img1', 'float32', ['N', 3, 'H', 'W']),
      tensorInfo('timestep', 'float32', timestepShape),
    ],
    outputs: [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
    nodes: [
      node('Sub', ['img1', 'img0'], ['difference']),
      // A [N] or scalar timestep broadcasts from the right, so shape it [N,1,1,1] first.
      node('Reshape', ['timestep', 'per_item'], ['t']),
      node('Mul', ['difference', 't'], ['step']),
      node('Add', ['img0', 'step'], ['output']),
    ],
    initializers: [
      int64Tensor(
        'per_item',
        [4],
        timestepShape.length === 4 && timestepShape[2] !== 1 ? [0, 1, -1, 0] : [-1, 1, 1, 1],
      ),
    ],
  });
}

/** Bicubic ×2 with float16 input and output, like the fp16 Real-ESRGAN export. */
export function float16Bicubic(): Uint8Array {
  return buildModel({
    inputs: [tensorInfo('input', 'float16', ['N', 3, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float16', ['N', 3, 'H2', 'W2'])],
    nodes: [
      node('Cast', ['input'], ['wide'], { to: attr.int(FLOAT) }),
      node('Resize', ['wide', '', 'scales'], ['resized'], {
        mode: attr.string('cubic'),
        cubic_coeff_a: attr.float(-0.75),
        coordinate_transformation_mode: attr.string('half_pixel'),
      }),
      node('Cast', ['resized'], ['output'], { to: attr.int(FLOAT16) }),
    ],
    initializers: [floatTensor('scales', [4], [1, 1, 2, 2])],
  });
}

/** The 7-channel blend with float16 input and output. */
export function float16Blend(): Uint8Array {
  const slice = (from: number, to: number, output: string) =>
    node('Slice', ['wide', `s${from}`, `s${to}`, 'axis'], [output]);
  return buildModel({
    inputs: [tensorInfo('input', 'float16', ['N', 7, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float16', ['N', 3, 'H', 'W'])],
    nodes: [
      node('Cast', ['input'], ['wide'], { to: attr.int(FLOAT) }),
      slice(0, 3, 'a'),
      slice(3, 6, 'b'),
      slice(6, 7, 't'),
      node('Sub', ['b', 'a'], ['difference']),
      node('Mul', ['difference', 't'], ['step']),
      node('Add', ['a', 'step'], ['mixed']),
      node('Cast', ['mixed'], ['output'], { to: attr.int(FLOAT16) }),
    ],
    initializers: [0, 3, 6, 7]
      .map((v) => int64Tensor(`s${v}`, [1], [v]))
      .concat(int64Tensor('axis', [1], [1])),
  });
}

/** A model with a float32 [N,4,H,W] input: no contract takes four channels. */
export function fourChannelModel(): Uint8Array {
  return buildModel({
    inputs: [tensorInfo('input', 'float32', ['N', 4, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float32', ['N', 4, 'H', 'W'])],
    nodes: [node('Identity', ['input'], ['output'])],
  });
}

/** A model with two outputs. */
export function twoOutputModel(): Uint8Array {
  return buildModel({
    inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
    outputs: [
      tensorInfo('output', 'float32', ['N', 3, 'H', 'W']),
      tensorInfo('copy', 'float32', ['N', 3, 'H', 'W']),
    ],
    nodes: [node('Identity', ['input'], ['output']), node('Identity', ['input'], ['copy'])],
  });
}

/** A byte pattern frame: neighbouring bytes differ, so layout mistakes show. */
export function patternFrame(width: number, height: number, seed = 0): Buffer {
  return Buffer.from(
    Array.from({ length: 3 * width * height }, (_, i) => (i * 7 + seed + ((i / 3) | 0) * 13) % 256),
  );
}

/** A smooth frame (gradients and a soft blob), closer to real images than a byte pattern. */
export function smoothFrame(width: number, height: number, phase = 0): Buffer {
  const frame = Buffer.alloc(3 * width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      frame[i] = Math.round(127.5 + 100 * Math.sin((x + phase) / 5) * Math.cos(y / 7));
      frame[i + 1] = Math.round((255 * x) / Math.max(1, width - 1));
      frame[i + 2] = Math.round((255 * y) / Math.max(1, height - 1));
    }
  }
  return frame;
}

/**
 * An rgb48le frame (its bytes) of 16-bit samples that neighbouring samples and
 * 8-bit rounding would both tell apart: few are multiples of 257.
 */
export function deepPatternFrame(width: number, height: number, seed = 0): Buffer {
  const samples = Uint16Array.from(
    { length: 3 * width * height },
    (_, i) => (i * 1543 + seed * 97 + ((i / 3) | 0) * 211) % 65536,
  );
  return Buffer.from(samples.buffer);
}
