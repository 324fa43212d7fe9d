// `mci`: a classical motion-compensated interpolator written as ONNX ops.
//
// Motion is estimated for the frame being made ("bilateral" matching): for
// a pixel x of the new frame and a candidate motion v, A is sampled at
// x − t·v and B at x + (1 − t)·v, and v is good where the two agree over a
// window. Every output pixel gets a vector, so there are no holes to fill,
// and t may differ per pixel, as the contract's timestep plane allows.
//
// Coarse to fine on a luma pyramid: the coarsest level tries every vector
// within a radius, each finer level doubles the field and tries one-pixel
// corrections (a soft arg-min, which gives sub-pixel vectors), then lets
// each pixel take a neighbour's vector when it matches better, which mends
// fields smeared across motion edges. Both frames are warped to t with
// GridSample and mixed by temporal distance, and each is down-weighted where
// it disagrees with its surroundings: where one frame is occluded, its
// sample is the outlier.
import { GraphBuilder } from './graph-builder.js';
import { attr, tensorInfo } from './onnx-writer.js';

/** Tuning of {@link buildMotionInterpolator}; the defaults were chosen on the shared triplets. */
export interface MotionInterpolatorOptions {
  /** Pyramid levels below full resolution. */
  levels: number;
  /** Search radius at the coarsest level, in its pixels. */
  coarseRadius: number;
  /** Side of the window over which matching costs are averaged. */
  window: number;
  /** Softmax temperature of the soft arg-min, in mean absolute luma difference. */
  temperature: number;
  /** Cost per pixel of correction, so flat areas keep the coarser vector. */
  penalty: number;
  /** Refinement passes per level below the coarsest. */
  iterations: number;
  /** Distance at which neighbours' vectors are tried. */
  propagate: number;
  /** Scale of the occlusion weighting, in mean absolute RGB difference. */
  occlusion: number;
}

const DEFAULTS: MotionInterpolatorOptions = {
  levels: 4,
  coarseRadius: 3,
  window: 7,
  temperature: 0.008,
  penalty: 0.005,
  iterations: 2,
  propagate: 3,
  occlusion: 0.1,
};

/** One pyramid level: luma of A and B and the timestep plane ([N,1,h,w]), with its sampling grid. */
interface Level {
  a: string;
  b: string;
  t: string;
  /** GridSample identity grid [1,h,w,2]. */
  grid: string;
  /** [1,1,1,2] = (2/w, 2/h): pixels to grid units. */
  scale: string;
  /** t and 1 − t as [N,h,w,1], to scale grid offsets. */
  tg: string;
  sg: string;
}

/** Builds the `mci` model: `input` [N,7,H,W] (A, B, timestep plane) → `output` [N,3,H,W]. */
export function buildMotionInterpolator(
  options: Partial<MotionInterpolatorOptions> = {},
): Uint8Array {
  const settings = { ...DEFAULTS, ...options };
  const g = new GraphBuilder('mci');
  const channels = (from: number, to: number) =>
    g.op('Slice', ['input', g.int([from]), g.int([to]), g.int([1])]);
  const [a, b, t] = [channels(0, 3), channels(3, 6), channels(6, 7)];
  const luma = g.float([0.299, 0.587, 0.114], [1, 3, 1, 1]);
  const pyramid = [level(g, g.op('Conv', [a, luma]), g.op('Conv', [b, luma]), t)];
  for (let index = 1; index <= settings.levels; index++) {
    const finer = pyramid[index - 1]!;
    pyramid.push(level(g, downsample(g, finer.a), downsample(g, finer.b), downsample(g, finer.t)));
  }
  const coarsest = searchFlow(
    g,
    pyramid[settings.levels]!,
    undefined,
    settings.coarseRadius,
    settings,
  );
  let flow = boxFilter(g, coarsest, 3);
  flow = propagateFlow(g, pyramid[settings.levels]!, flow, settings);
  for (let index = settings.levels - 1; index >= 0; index--) {
    const current = pyramid[index]!;
    flow = upsampleFlow(g, flow, current.a);
    for (let pass = 0; pass < settings.iterations; pass++) {
      flow = boxFilter(g, searchFlow(g, current, flow, 1, settings), 3);
    }
    flow = propagateFlow(g, current, flow, settings);
  }
  g.op('Identity', [warpAndMix(g, { a, b, t }, pyramid[0]!, flow, settings)], undefined, 'output');
  return g.build(
    [tensorInfo('input', 'float32', ['N', 7, 'H', 'W'])],
    [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
  );
}

function level(g: GraphBuilder, a: string, b: string, t: string): Level {
  const shape = g.op('Shape', [a]);
  const axis = (index: number) => {
    const size = g.op('Cast', [g.op('Gather', [shape, g.int([index], [])])], { to: attr.int(1) });
    const pixels = g.op('Range', [g.float([0]), size, g.float([1])]);
    // align_corners = 0: pixel i sits at (2i + 1)/size − 1.
    const centres = g.op('Add', [g.op('Mul', [pixels, g.float([2])]), g.float([1])]);
    const normalised = g.op('Sub', [g.op('Div', [centres, size]), g.float([1])]);
    const unit = g.op('Reshape', [g.op('Div', [g.float([2]), size]), g.int([1])]);
    return { normalised, unit };
  };
  const [x, y] = [axis(3), axis(2)];
  const hw = g.op('Slice', [shape, g.int([2]), g.int([4])]);
  const gridShape = g.op('Concat', [g.int([1]), hw, g.int([1])], { axis: attr.int(0) });
  const spread = (values: string, shape: number[]) =>
    g.op('Expand', [g.op('Reshape', [values, g.int(shape)]), gridShape]);
  const xs = spread(x.normalised, [1, 1, -1, 1]);
  const ys = spread(y.normalised, [1, -1, 1, 1]);
  const grid = g.op('Concat', [xs, ys], { axis: attr.int(3) });
  const units = g.op('Concat', [x.unit, y.unit], { axis: attr.int(0) });
  const scale = g.op('Reshape', [units, g.int([1, 1, 1, 2])]);
  const tg = g.op('Transpose', [t], { perm: attr.ints([0, 2, 3, 1]) });
  return { a, b, t, grid, scale, tg, sg: g.op('Sub', [g.float([1]), tg]) };
}

/** Halves the size; ceil mode keeps a 1-pixel side at 1 rather than 0. */
function downsample(g: GraphBuilder, x: string): string {
  return g.op('AveragePool', [x], {
    kernel_shape: attr.ints([2, 2]),
    strides: attr.ints([2, 2]),
    ceil_mode: attr.int(1),
  });
}

function boxFilter(g: GraphBuilder, x: string, size: number): string {
  const pad = Math.floor(size / 2);
  return g.op('AveragePool', [x], {
    kernel_shape: attr.ints([size, size]),
    pads: attr.ints([pad, pad, pad, pad]),
    count_include_pad: attr.int(0),
  });
}

/** Samples `image` at `grid`, bilinear, repeating the border. */
function sample(g: GraphBuilder, image: string, grid: string, mode = 'bilinear'): string {
  return g.op('GridSample', [image, grid], {
    mode: attr.string(mode),
    padding_mode: attr.string('border'),
    align_corners: attr.int(0),
  });
}

/** Grid offsets [N,h,w,2] of a flow field [N,2,h,w] in pixels. */
function toGrid(g: GraphBuilder, level: Level, flow: string): string {
  const channelsLast = g.op('Transpose', [flow], { perm: attr.ints([0, 2, 3, 1]) });
  return g.op('Mul', [channelsLast, level.scale]);
}

/** The window-averaged bilateral matching cost [N,1,h,w] of grid offsets (pixels · scale). */
function matchCost(
  g: GraphBuilder,
  level: Level,
  offset: string,
  settings: MotionInterpolatorOptions,
): string {
  const sampledA = sample(g, level.a, g.op('Sub', [level.grid, g.op('Mul', [level.tg, offset])]));
  const sampledB = sample(g, level.b, g.op('Add', [level.grid, g.op('Mul', [level.sg, offset])]));
  const difference = g.op('Abs', [g.op('Sub', [sampledA, sampledB])]);
  const pad = Math.floor(settings.window / 2);
  return g.op('AveragePool', [difference], {
    kernel_shape: attr.ints([settings.window, settings.window]),
    pads: attr.ints([pad, pad, pad, pad]),
  });
}

/** Soft arg-min over candidate vector fields: Σ softmax(−cost/τ)·candidate, per component. */
function softArgmin(
  g: GraphBuilder,
  costs: string[],
  pick: (component: 0 | 1) => string,
  temperature: number,
): string {
  const volume = g.op('Concat', costs, { axis: attr.int(1) });
  const negative = g.op('Mul', [volume, g.float([-1 / temperature])]);
  const weights = g.op('Softmax', [negative], { axis: attr.int(1) });
  const component = (index: 0 | 1) =>
    g.op('ReduceSum', [g.op('Mul', [weights, pick(index)]), g.int([1])], { keepdims: attr.int(1) });
  return g.op('Concat', [component(0), component(1)], { axis: attr.int(1) });
}

/** Tries every correction within `radius` of `flow` (zero when absent). */
function searchFlow(
  g: GraphBuilder,
  level: Level,
  flow: string | undefined,
  radius: number,
  settings: MotionInterpolatorOptions,
): string {
  const base = flow === undefined ? undefined : toGrid(g, level, flow);
  const steps: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) steps.push([dx, dy]);
  }
  const costs = steps.map(([dx, dy]) => {
    const step = g.op('Mul', [level.scale, g.float([dx, dy], [1, 1, 1, 2])]);
    const offset = base === undefined ? step : g.op('Add', [base, step]);
    const cost = matchCost(g, level, offset, settings);
    return g.op('Add', [cost, g.float([settings.penalty * Math.hypot(dx, dy)])]);
  });
  const table = (index: 0 | 1) =>
    g.float(
      steps.map((step) => step[index]),
      [1, steps.length, 1, 1],
    );
  const delta = softArgmin(g, costs, table, settings.temperature);
  return flow === undefined ? delta : g.op('Add', [flow, delta]);
}

/** Lets each pixel take the vector of a neighbour `propagate` pixels away when it matches better. */
function propagateFlow(
  g: GraphBuilder,
  level: Level,
  flow: string,
  settings: MotionInterpolatorOptions,
): string {
  const r = settings.propagate;
  const shifts: [number, number][] = [
    [r, 0],
    [-r, 0],
    [0, r],
    [0, -r],
    [r, r],
    [-r, -r],
    [r, -r],
    [-r, r],
  ];
  const candidates = [
    flow,
    ...shifts.map(([dx, dy]) => {
      const shift = g.op('Mul', [level.scale, g.float([dx, dy], [1, 1, 1, 2])]);
      return sample(g, flow, g.op('Add', [level.grid, shift]), 'nearest');
    }),
  ];
  const costs = candidates.map((candidate) =>
    matchCost(g, level, toGrid(g, level, candidate), settings),
  );
  const component = (index: 0 | 1) => {
    const parts = candidates.map((c) =>
      g.op('Slice', [c, g.int([index]), g.int([index + 1]), g.int([1])]),
    );
    return g.op('Concat', parts, { axis: attr.int(1) });
  };
  // A colder softmax: averaging two different motions is what this step undoes.
  return softArgmin(g, costs, component, settings.temperature / 4);
}

/** Doubles a coarse flow field to the size of `like` ([N,1,h,w]). */
function upsampleFlow(g: GraphBuilder, flow: string, like: string): string {
  const sizes = g.op('Mul', [g.op('Shape', [like]), g.int([1, 2, 1, 1])]);
  const resized = g.op('Resize', [flow, '', '', sizes], {
    mode: attr.string('linear'),
    coordinate_transformation_mode: attr.string('half_pixel'),
  });
  return g.op('Mul', [resized, g.float([2])]);
}

/** Warps A and B to time t along `flow` and mixes them, discounting outliers (occlusions). */
function warpAndMix(
  g: GraphBuilder,
  frames: { a: string; b: string; t: string },
  level: Level,
  flow: string,
  settings: MotionInterpolatorOptions,
): string {
  const offset = toGrid(g, level, flow);
  const warpedA = sample(g, frames.a, g.op('Sub', [level.grid, g.op('Mul', [level.tg, offset])]));
  const warpedB = sample(g, frames.b, g.op('Add', [level.grid, g.op('Mul', [level.sg, offset])]));
  const mix = g.op('Add', [warpedA, g.op('Mul', [g.op('Sub', [warpedB, warpedA]), frames.t])]);
  const surroundings = boxFilter(g, mix, 9);
  const deviation = (warped: string) => {
    const difference = g.op('Abs', [g.op('Sub', [warped, surroundings])]);
    const mean = g.op('ReduceMean', [difference], { axes: attr.ints([1]), keepdims: attr.int(1) });
    return boxFilter(g, mean, 3);
  };
  const [deviationA, deviationB] = [deviation(warpedA), deviation(warpedB)];
  // Relative to the smaller deviation, so the better frame's factor is exactly 1 (no underflow).
  const least = g.op('Min', [deviationA, deviationB]);
  const trust = (d: string) =>
    g.op('Exp', [g.op('Mul', [g.op('Sub', [d, least]), g.float([-1 / settings.occlusion])])]);
  const weightA = g.op('Mul', [trust(deviationA), g.op('Sub', [g.float([1]), frames.t])]);
  const weightB = g.op('Mul', [trust(deviationB), frames.t]);
  const weighted = g.op('Add', [g.op('Mul', [warpedA, weightA]), g.op('Mul', [warpedB, weightB])]);
  return g.op('Div', [weighted, g.op('Add', [weightA, weightB])]);
}
