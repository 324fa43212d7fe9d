// `mci`: a classical motion-compensated interpolator written as ONNX ops.
//
// Motion is estimated for the frame being made ("bilateral" matching): for
// a pixel x of the new frame and a candidate motion v, A is sampled at
// x − t·v and B at x + (1 − t)·v, and v is good where the two agree over a
// window. Every output pixel gets a vector, so there are no holes to fill,
// and t may differ per pixel, as the contract's timestep plane allows.
//
// Coarse to fine on a luma pyramid: the coarsest level (1/16 size) tries
// every vector within a radius (a soft arg-min over the candidates, which
// gives sub-pixel vectors); each finer level down to 1/4 size doubles the
// field, takes two gradient (Lucas–Kanade) steps on the bilateral residual,
// then lets each pixel take a diagonal neighbour's vector when it matches
// better, which mends fields smeared across motion edges. Searching costs a
// GridSample per candidate and pixel, so below the coarsest level there is
// no search (the gradient steps do better: 32.37 against 32.35 dB on the
// shared triplets), and at 1/2 and full size the field is only resized and
// refined by one gradient step. Both frames are warped to t with GridSample
// and mixed by temporal distance, and each is down-weighted where it
// disagrees with its surroundings: where one frame is occluded, its sample is
// the outlier. That test is made on the luma warps of the full-size gradient
// step, already at hand, not on the RGB warps.
//
// Written for onnxruntime's CPU kernels (speed in docs/benchmarks.md "Inference
// benchmarks"), which on one thread spend about two thirds of the time at full
// size, half of it in GridSample: GridSample runs with zero padding on
// positions clamped to the outer pixel centres, which is border padding at
// half the cost; the candidates of a search are stacked down the height axis
// and sampled by one GridSample per frame; offsets are worked out channels
// first, where constants broadcast over whole planes (a trailing axis of 2
// broadcasts about 25× slower); luma is a MatMul, not a Mul and ReduceSum
// (three times the time) nor a 1×1 Conv (which the CPU provider runs in a
// 16-channel blocked layout); the softmax is written out, as Softmax on an
// inner axis transposes first. Tried and not kept: box filters as a row and a
// column pass (AveragePool's 2-D window is faster), the gradient products
// filtered one plane at a time instead of concatenated (no difference).
import { GraphBuilder } from './graph-builder.js';
import { attr, tensorInfo } from './onnx-writer.js';

/** Tuning of {@link buildMotionInterpolator}; the defaults were chosen on the shared triplets. */
export interface MotionInterpolatorOptions {
  /** Pyramid levels below full resolution. */
  levels: number;
  /**
   * The finest level at which flow is estimated (0 = full resolution); the
   * field is then resized to full size, its vectors scaled, for the warp.
   */
  finest: number;
  /** Search radius at the coarsest level, in its pixels. */
  coarseRadius: number;
  /** Side of the window over which matching costs are averaged. */
  window: number;
  /** Softmax temperature of the soft arg-min, in mean absolute luma difference. */
  temperature: number;
  /** Cost per pixel of correction, so flat areas keep the coarser vector. */
  penalty: number;
  /**
   * The finest level of gradient (Lucas–Kanade) steps, which refine the
   * field below `finest`, where a search would cost too much; `finest` for none.
   */
  gradientLevel: number;
  /** Gradient steps per level from `finest` − 1 down to `gradientLevel`. */
  gradientSteps: number;
  /** Gradient steps per level from `levels` − 1 down to `finest`, before propagation. */
  searchGradientSteps: number;
  /** Side of the window over which a gradient step solves for its correction. */
  gradientWindow: number;
  /** Regularisation of the gradient step, in squared luma gradient per pixel. */
  damping: number;
  /** One-pixel search passes per level below the coarsest (before its gradient steps). */
  iterations: number;
  /** Distance at which neighbours' vectors are tried. */
  propagate: number;
  /** Scale of the occlusion weighting, in mean absolute RGB difference. */
  occlusion: number;
}

const DEFAULTS: MotionInterpolatorOptions = {
  levels: 4,
  finest: 2,
  gradientLevel: 0,
  gradientSteps: 1,
  searchGradientSteps: 2,
  gradientWindow: 7,
  damping: 0.0001,
  coarseRadius: 3,
  window: 5,
  temperature: 0.008,
  penalty: 0.005,
  iterations: 0,
  propagate: 3,
  occlusion: 0.1,
};

/** One pyramid level: luma of A and B and the timestep plane ([N,1,h,w]), with its sampling grid. */
interface Level {
  a: string;
  b: string;
  t: string;
  /**
   * Identity sampling grid, channels first ([1,2,h,w]): offsets are worked
   * out in this layout, where per-channel constants and the t plane
   * broadcast over whole planes (onnxruntime is many times slower on a
   * trailing axis of 2), and transposed for GridSample.
   */
  grid: string;
  /** [1,2,1,1] = (2/w, 2/h): pixels to grid units. */
  scale: string;
  /** [1,2,1,1] grid positions of the first and last pixel centres, x and y: see {@link sample}. */
  first: string;
  last: string;
  /** 1 − t ([N,1,h,w]). */
  s: string;
  /** Shape of the luma planes, [N,1,h,w]. */
  shape: string;
  /** Made by {@link stack} when first needed. */
  stack?: { grid: string; t: string; s: string };
}

/**
 * Builds the `mci` model: `a`, `b` [N,3,H,W] and a `timestep` plane [N,1,H,W]
 * → `output` [N,3,H,W]. Three inputs rather than one of seven channels: the
 * packed-frame wrapping then makes each input straight from its frame, with
 * no Concat for this graph to slice apart again.
 */
export function buildMotionInterpolator(
  options: Partial<MotionInterpolatorOptions> = {},
): Uint8Array {
  const settings = { ...DEFAULTS, ...options };
  const g = new GraphBuilder('mci');
  const [a, b, t] = ['a', 'b', 'timestep'];
  const pyramid = new Pyramid(g, { a, b, t });
  let flow = matchedFlow(g, pyramid, settings);
  // The luma warps of the last gradient step at full size, kept as the occlusion cue.
  let warps: LumaWarps | undefined;
  for (let index = settings.finest - 1; index >= settings.gradientLevel; index--) {
    const current = pyramid.level(index);
    flow = resizeFlow(g, flow, pyramid.level(index + 1).t, current.t);
    for (let pass = 0; pass < settings.gradientSteps; pass++) {
      const made = warpLuma(g, current, flow);
      if (index === 0) warps = made;
      flow = boxFilter(g, gradientStep(g, current, flow, settings, made), 3);
    }
  }
  const lowest = Math.min(settings.finest, settings.gradientLevel);
  if (lowest > 0) flow = resizeFlow(g, flow, pyramid.level(lowest).t, t);
  const full = pyramid.frame();
  const output = warpAndMix(g, { frames: { a, b, t }, level: full, flow, warps }, settings);
  g.op('Identity', [output], undefined, 'output');
  return g.build(
    [
      tensorInfo('a', 'float32', ['N', 3, 'H', 'W']),
      tensorInfo('b', 'float32', ['N', 3, 'H', 'W']),
      tensorInfo('timestep', 'float32', ['N', 1, 'H', 'W']),
    ],
    [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
  );
}

/** The field at level `finest`: a full search at the coarsest level, then, level by level, gradient steps and propagation. */
function matchedFlow(
  g: GraphBuilder,
  pyramid: Pyramid,
  settings: MotionInterpolatorOptions,
): string {
  const coarsest = pyramid.level(settings.levels);
  let flow = boxFilter(g, searchFlow(g, coarsest, undefined, settings.coarseRadius, settings), 3);
  flow = propagateFlow(g, coarsest, flow, settings);
  for (let index = settings.levels - 1; index >= settings.finest; index--) {
    const current = pyramid.level(index);
    flow = upsampleFlow(g, flow, current.a);
    for (let pass = 0; pass < settings.iterations; pass++) {
      flow = boxFilter(g, searchFlow(g, current, flow, 1, settings), 3);
    }
    for (let step = 0; step < settings.searchGradientSteps; step++) {
      flow = boxFilter(g, gradientStep(g, current, flow, settings), 3);
    }
    flow = propagateFlow(g, current, flow, settings);
  }
  return flow;
}

/** Luma pyramid of A, B and t, with each level's grids made when first asked for. */
class Pyramid {
  private readonly planes = new Map<number, { a: string; b: string; t: string }>();
  private readonly levels = new Map<number, Level>();
  private full: Level | undefined;

  constructor(
    private readonly g: GraphBuilder,
    private readonly rgb: { a: string; b: string; t: string },
  ) {}

  /** Level `index` (0 = full resolution) of the luma pyramid. */
  level(index: number): Level {
    const existing = this.levels.get(index);
    if (existing) return existing;
    const { a, b, t } = this.planes_(index);
    const made = level(this.g, a, b, t);
    this.levels.set(index, made);
    return made;
  }

  /** Grids at full resolution (for warping the RGB frames); luma is not made for it. */
  frame(): Level {
    this.full ??= level(this.g, this.rgb.a, this.rgb.b, this.rgb.t);
    return this.full;
  }

  /** Level 0 is full-size luma; level 1 is downsampled in RGB first (luma is linear), so full-size luma is made only when asked for. */
  private planes_(index: number): { a: string; b: string; t: string } {
    const g = this.g;
    const existing = this.planes.get(index);
    if (existing) return existing;
    let made: { a: string; b: string; t: string };
    if (index <= 1) {
      const { a, b, t } = this.rgb;
      const source =
        index === 0 ? this.rgb : { a: downsample(g, a), b: downsample(g, b), t: downsample(g, t) };
      made = { a: toLuma(g, source.a), b: toLuma(g, source.b), t: source.t };
    } else {
      const finer = this.planes_(index - 1);
      made = { a: downsample(g, finer.a), b: downsample(g, finer.b), t: downsample(g, finer.t) };
    }
    this.planes.set(index, made);
    return made;
  }
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
  const planeShape = g.op('Concat', [g.int([1, 1]), hw], { axis: attr.int(0) });
  const spread = (values: string, shape: number[]) =>
    g.op('Expand', [g.op('Reshape', [values, g.int(shape)]), planeShape]);
  const xs = spread(x.normalised, [1, 1, 1, -1]);
  const ys = spread(y.normalised, [1, 1, -1, 1]);
  const grid = g.op('Concat', [xs, ys], { axis: attr.int(1) });
  const units = g.op('Concat', [x.unit, y.unit], { axis: attr.int(0) });
  const scale = g.op('Reshape', [units, g.int([1, 2, 1, 1])]);
  const half = g.op('Mul', [scale, g.float([0.5])]);
  const [first, last] = [g.op('Sub', [half, g.float([1])]), g.op('Sub', [g.float([1]), half])];
  return { a, b, t, grid, scale, first, last, s: g.op('Sub', [g.float([1]), t]), shape };
}

/**
 * Luma [N,1,h,w] of RGB [N,3,h,w], as a MatMul over the flattened planes: a
 * third of the time of a Mul and ReduceSum over the channels, and not a 1×1
 * Conv, which onnxruntime runs in a layout that pads its one output channel to 16.
 */
function toLuma(g: GraphBuilder, rgb: string): string {
  const weights = g.float([0.299, 0.587, 0.114], [1, 3]);
  const flat = g.op('Reshape', [rgb, g.int([0, 3, -1])]);
  const hw = g.op('Slice', [g.op('Shape', [rgb]), g.int([2]), g.int([4])]);
  const shape = g.op('Concat', [g.int([0, 1]), hw], { axis: attr.int(0) });
  return g.op('Reshape', [g.op('MatMul', [weights, flat]), shape]);
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

/**
 * Samples `image` (of `level`'s size) at `grid` ([N,2,h,w]), bilinear,
 * repeating the border: positions are clamped to the outer pixel centres
 * first, which is what border padding does, and GridSample then runs with
 * zero padding, which onnxruntime does in half the time (it never reads
 * outside, and a weight of 0 falls on the pixel past the last).
 */
function sample(
  g: GraphBuilder,
  level: Level,
  image: string,
  grid: string,
  mode = 'bilinear',
): string {
  const clamped = g.op('Min', [g.op('Max', [grid, level.first]), level.last]);
  const channelsLast = g.op('Transpose', [clamped], { perm: attr.ints([0, 2, 3, 1]) });
  return g.op('GridSample', [image, channelsLast], {
    mode: attr.string(mode),
    padding_mode: attr.string('zeros'),
    align_corners: attr.int(0),
  });
}

/** Grid offsets [N,2,h,w] of a flow field [N,2,h,w] in pixels. */
function toGrid(g: GraphBuilder, level: Level, flow: string): string {
  return g.op('Mul', [flow, level.scale]);
}

/** Grid offsets [N,2,K,h,w] of K flow fields [N,2,K,h,w] in pixels. */
function toGrid5(g: GraphBuilder, level: Level, flows: string): string {
  return g.op('Mul', [flows, g.op('Unsqueeze', [level.scale, g.int([2])])]);
}

/** A sampled at x − t·offset and B at x + (1 − t)·offset (grid units). */
function warpPair(
  g: GraphBuilder,
  at: Level,
  images: { a: string; b: string },
  offset: string,
): [string, string] {
  return [
    sample(g, at, images.a, g.op('Sub', [at.grid, g.op('Mul', [at.t, offset])])),
    sample(g, at, images.b, g.op('Add', [at.grid, g.op('Mul', [at.s, offset])])),
  ];
}

/** The level's grid, t and 1 − t with a candidate axis ([·,·,1,h,w]), to broadcast over K candidates. */
function stack(g: GraphBuilder, level: Level): { grid: string; t: string; s: string } {
  level.stack ??= Object.fromEntries(
    (['grid', 't', 's'] as const).map((key) => [key, g.op('Unsqueeze', [level[key], g.int([2])])]),
  ) as { grid: string; t: string; s: string };
  return level.stack;
}

/** [N,C,K,h,w] → [N,C,K·h,w]: K candidates stacked down the height axis. */
function flatten(g: GraphBuilder, x: string, channels: number): string {
  const shape = g.op('Shape', [x]);
  const n = g.op('Slice', [shape, g.int([0]), g.int([1])]);
  const w = g.op('Slice', [shape, g.int([4]), g.int([5])]);
  return g.op('Reshape', [x, g.op('Concat', [n, g.int([channels, -1]), w], { axis: attr.int(0) })]);
}

/**
 * The window-averaged bilateral matching costs [N,K,h,w] of K candidate
 * offsets [N,2,K,h,w] (grid units), stacked down the height axis so that one
 * GridSample per frame samples them all.
 */
function matchCosts(
  g: GraphBuilder,
  level: Level,
  offsets: string,
  count: number,
  settings: MotionInterpolatorOptions,
): string {
  const at = stack(g, level);
  const gridA = flatten(g, g.op('Sub', [at.grid, g.op('Mul', [at.t, offsets])]), 2);
  const gridB = flatten(g, g.op('Add', [at.grid, g.op('Mul', [at.s, offsets])]), 2);
  const difference = g.op('Abs', [
    g.op('Sub', [sample(g, level, level.a, gridA), sample(g, level, level.b, gridB)]),
  ]);
  const volume = g.op('Reshape', [difference, g.int([0, count, -1, 0])]);
  const pad = Math.floor(settings.window / 2);
  return g.op('AveragePool', [volume], {
    kernel_shape: attr.ints([settings.window, settings.window]),
    pads: attr.ints([pad, pad, pad, pad]),
  });
}

/**
 * Soft arg-min over K candidate vectors: Σ softmax(−cost/τ)·candidate, with
 * costs [N,K,h,w] and candidates broadcastable to [N,2,K,h,w].
 */
function softArgmin(
  g: GraphBuilder,
  costs: string,
  candidates: string,
  temperature: number,
): string {
  const negative = g.op('Mul', [costs, g.float([-1 / temperature])]);
  // Softmax by hand: onnxruntime's moves an inner axis to the end first.
  const shifted = g.op('Exp', [
    g.op('Sub', [
      negative,
      g.op('ReduceMax', [negative], { axes: attr.ints([1]), keepdims: attr.int(1) }),
    ]),
  ]);
  const weights = g.op('Div', [
    shifted,
    g.op('ReduceSum', [shifted, g.int([1])], { keepdims: attr.int(1) }),
  ]);
  const spread = g.op('Unsqueeze', [weights, g.int([1])]);
  return g.op('ReduceSum', [g.op('Mul', [spread, candidates]), g.int([2])], {
    keepdims: attr.int(0),
  });
}

/** `base` ([N,2,h,w], grid units) plus each pixel step: [N,2,K,h,w]. */
function stepOffsets(
  g: GraphBuilder,
  level: Level,
  base: string,
  steps: readonly [number, number][],
): string {
  const table = g.float(
    [...steps.map((step) => step[0]), ...steps.map((step) => step[1])],
    [1, 2, steps.length, 1, 1],
  );
  const scaled = g.op('Mul', [g.op('Unsqueeze', [level.scale, g.int([2])]), table]);
  return g.op('Add', [g.op('Unsqueeze', [base, g.int([2])]), scaled]);
}

/** Tries every correction within `radius` of `flow` (zero when absent). */
function searchFlow(
  g: GraphBuilder,
  level: Level,
  flow: string | undefined,
  radius: number,
  settings: MotionInterpolatorOptions,
): string {
  const base =
    flow === undefined ? g.op('Mul', [level.grid, g.float([0])]) : toGrid(g, level, flow);
  const steps: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) steps.push([dx, dy]);
  }
  const costs = g.op('Add', [
    matchCosts(g, level, stepOffsets(g, level, base, steps), steps.length, settings),
    g.float(
      steps.map(([dx, dy]) => settings.penalty * Math.hypot(dx, dy)),
      [1, steps.length, 1, 1],
    ),
  ]);
  const table = g.float(
    [...steps.map((step) => step[0]), ...steps.map((step) => step[1])],
    [1, 2, steps.length, 1, 1],
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
  // The pixel itself and its four diagonal neighbours: the four along the axes
  // as well cost 80 % more matching for no gain on the triplets (32.37 dB either way).
  const shifts: [number, number][] = [
    [0, 0],
    [r, r],
    [-r, -r],
    [r, -r],
    [-r, r],
  ];
  // Every neighbour's vector in one nearest-neighbour GridSample; the first "shift" is the pixel itself.
  // The grid has batch 1; GridSample wants one per frame pair.
  const batch = g.op(
    'Concat',
    [g.op('Slice', [level.shape, g.int([0]), g.int([1])]), g.int([1, 1, 1])],
    {
      axis: attr.int(0),
    },
  );
  const grids = g.op('Expand', [flatten(g, stepOffsets(g, level, level.grid, shifts), 2), batch]);
  const stacked = sample(g, level, flow, grids, 'nearest');
  const w = g.op('Slice', [level.shape, g.int([3]), g.int([4])]);
  const candidates = g.op('Reshape', [
    stacked,
    g.op('Concat', [g.int([0, 2, shifts.length, -1]), w], { axis: attr.int(0) }),
  ]);
  const costs = matchCosts(g, level, toGrid5(g, level, candidates), shifts.length, settings);
  // A colder softmax: averaging two different motions is what this step undoes.
  return softArgmin(g, costs, candidates, settings.temperature / 4);
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

/** A's and B's luma at a level, warped to t along a field. */
interface LumaWarps {
  a: string;
  b: string;
}

function warpLuma(g: GraphBuilder, level: Level, flow: string): LumaWarps {
  const [a, b] = warpPair(g, level, level, toGrid(g, level, flow));
  return { a, b };
}

/**
 * One Lucas–Kanade step on the bilateral residual: with A warped by −t·v and B
 * by (1 − t)·v, a correction δ changes B − A by ∇m·δ, m = t·A + (1 − t)·B;
 * δ solves the damped least-squares system over a window.
 */
function gradientStep(
  g: GraphBuilder,
  level: Level,
  flow: string,
  settings: MotionInterpolatorOptions,
  { a: warpedA, b: warpedB }: LumaWarps = warpLuma(g, level, flow),
): string {
  const residual = g.op('Sub', [warpedB, warpedA]);
  const mean = g.op('Add', [warpedB, g.op('Mul', [g.op('Sub', [warpedA, warpedB]), level.t])]);
  // Central differences on the edge-padded plane, by slicing (a Conv would run in a 16-channel blocked layout).
  const padded = g.op('Pad', [mean, g.int([0, 0, 1, 1, 0, 0, 1, 1])], {
    mode: attr.string('edge'),
  });
  const window = (axis: number, from: number, to: number, x: string) =>
    g.op('Slice', [x, g.int([from]), g.int([to]), g.int([axis])]);
  const inner = (axis: number, x: string) => window(axis, 1, -1, x);
  const difference = (axis: number) =>
    g.op('Mul', [
      g.op('Sub', [window(axis, 2, 2 ** 62, padded), window(axis, 0, -2, padded)]),
      g.float([0.5]),
    ]);
  const gradient = g.op('Concat', [inner(2, difference(3)), inner(3, difference(2))], {
    axis: attr.int(1),
  });
  const [gx, gy] = [0, 1].map((i) =>
    g.op('Slice', [gradient, g.int([i]), g.int([i + 1]), g.int([1])]),
  );
  const products = g.op(
    'Concat',
    [g.op('Mul', [gradient, gradient]), g.op('Mul', [gx!, gy!]), g.op('Mul', [gradient, residual])],
    { axis: attr.int(1) },
  );
  const sums = boxFilter(g, products, settings.gradientWindow);
  const part = (i: number) => g.op('Slice', [sums, g.int([i]), g.int([i + 1]), g.int([1])]);
  const damping = g.float([settings.damping]);
  const [xx, yy, xy, xr, yr] = [
    g.op('Add', [part(0), damping]),
    g.op('Add', [part(1), damping]),
    part(2),
    part(3),
    part(4),
  ];
  const det = g.op('Sub', [g.op('Mul', [xx, yy]), g.op('Mul', [xy, xy])]);
  const dx = g.op('Sub', [g.op('Mul', [xy, yr]), g.op('Mul', [yy, xr])]);
  const dy = g.op('Sub', [g.op('Mul', [xy, xr]), g.op('Mul', [xx, yr])]);
  const delta = g.op('Div', [g.op('Concat', [dx, dy], { axis: attr.int(1) }), det]);
  return g.op('Add', [flow, g.op('Clip', [delta, g.float([-1]), g.float([1])])]);
}

/** Resizes a flow field from the size of `from` to that of `to` ([N,1,h,w] each), scaling its vectors. */
function resizeFlow(g: GraphBuilder, flow: string, from: string, to: string): string {
  const [fromShape, toShape] = [g.op('Shape', [from]), g.op('Shape', [to])];
  const sizes = g.op('Mul', [toShape, g.int([1, 2, 1, 1])]);
  const resized = g.op('Resize', [flow, '', '', sizes], {
    mode: attr.string('linear'),
    coordinate_transformation_mode: attr.string('half_pixel'),
  });
  const side = (shape: string) =>
    g.op('Cast', [g.op('Slice', [shape, g.int([2]), g.int([4])])], { to: attr.int(1) });
  // (h, w) ratios reversed to (x, y), the order of the flow's channels.
  const ratio = g.op('Div', [side(toShape), side(fromShape)]);
  const xy = g.op('Reshape', [g.op('Gather', [ratio, g.int([1, 0])]), g.int([1, 2, 1, 1])]);
  return g.op('Mul', [resized, xy]);
}

/** What {@link warpAndMix} warps: the frames, their full-size grids, the field and, when made, its luma warps. */
interface Warp {
  frames: { a: string; b: string; t: string };
  level: Level;
  flow: string;
  /**
   * Luma of A and B warped by the last gradient step at full size, along the
   * field before its last correction (a pixel at most away, smoothed): as an
   * occlusion cue they do as well as the RGB warps (32.36 against 32.37 dB)
   * and cost a third. Without them the RGB warps' luma is taken.
   */
  warps: LumaWarps | undefined;
}

/** Warps A and B to time t along `flow` and mixes them, discounting outliers (occlusions). */
function warpAndMix(
  g: GraphBuilder,
  { frames, level, flow, warps }: Warp,
  settings: MotionInterpolatorOptions,
): string {
  const offset = toGrid(g, level, flow);
  const [warpedA, warpedB] = warpPair(g, level, frames, offset);
  const cue = warps ?? { a: toLuma(g, warpedA), b: toLuma(g, warpedB) };
  const mix = g.op('Add', [cue.a, g.op('Mul', [g.op('Sub', [cue.b, cue.a]), frames.t])]);
  const surroundings = boxFilter(g, mix, 9);
  const deviation = (warped: string) =>
    boxFilter(g, g.op('Abs', [g.op('Sub', [warped, surroundings])]), 3);
  const [deviationA, deviationB] = [deviation(cue.a), deviation(cue.b)];
  // Relative to the smaller deviation, so the better frame's factor is exactly 1 (no underflow).
  const least = g.op('Min', [deviationA, deviationB]);
  const trust = (d: string) =>
    g.op('Exp', [g.op('Mul', [g.op('Sub', [d, least]), g.float([-1 / settings.occlusion])])]);
  const weightA = g.op('Mul', [trust(deviationA), g.op('Sub', [g.float([1]), frames.t])]);
  const weightB = g.op('Mul', [trust(deviationB), frames.t]);
  const weighted = g.op('Add', [g.op('Mul', [warpedA, weightA]), g.op('Mul', [warpedB, weightB])]);
  return g.op('Div', [weighted, g.op('Add', [weightA, weightB])]);
}
