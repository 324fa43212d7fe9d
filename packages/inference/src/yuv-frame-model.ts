// Runs a model in its fused form (wrap-for-planar-yuv.ts) on whole planar YUV
// frames: the pipes' frames in, the pipes' frames out, one session run.
import * as ort from 'onnxruntime-node';
import type { ModelKind } from './model-contract.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import { planarYuvNames, type PlanarYuvForm } from './wrap-for-planar-yuv.js';
import { strengthOf } from './restorer.js';
import { yuvOutput, yuvPlaneFeeds } from './yuv-converter.js';

/** A model that takes and returns the pipes' planar YUV frames, whole (no tiles, no padding). */
export class YuvFrameModel {
  private readonly names: ReturnType<typeof planarYuvNames>;
  /** Restoration with a strength input: the value it is fed (σ/255). */
  private readonly strength: number | undefined;

  /**
   * @param model - a session of a model wrapped by `wrapForPlanarYuv` for `form`
   * @param scale - sr: the model's integer factor; vfi and restoration: 1
   * @param options - `sigma`: the noise σ (0–255 scale) a restoration model with a
   *   strength input is fed, as σ/255 (a blind model ignores it); `id` names the model in errors
   * @throws ModelError MODEL_CONTRACT when the session does not take `form`'s planes, or
   *   takes a strength and `sigma` is absent
   */
  constructor(
    readonly model: ModelSession,
    readonly kind: ModelKind,
    readonly form: PlanarYuvForm,
    readonly scale = 1,
    options: { sigma?: number; id?: string } = {},
  ) {
    this.names = planarYuvNames(form.yuv);
    const { frame, a, b, timestep, strength } = this.names;
    const planes = ({ y, u, v }: { y: string; u: string; v: string }) => [y, u, v];
    const expected = kind === 'vfi' ? [...planes(a), ...planes(b), timestep] : planes(frame);
    const missing = expected.find((name) => !model.session.inputNames.includes(name));
    if (missing !== undefined) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `the session has no input '${missing}': load the model wrapped for ${form.yuv} ${kind} frames`,
      );
    }
    const takesStrength = kind === 'restoration' && model.session.inputNames.includes(strength);
    const label = options.id === undefined ? 'the model' : `model ${options.id}`;
    this.strength = takesStrength ? strengthOf(options.sigma, label) : undefined;
  }

  /** Upscales one width×height frame; resolves to one of (scale·width)×(scale·height). */
  async upscale(frame: Uint8Array, width: number, height: number): Promise<Buffer> {
    const { yuv } = this.form;
    const out = await this.model.session.run(
      yuvPlaneFeeds(frame, yuv, width, height, this.names.frame),
    );
    return yuvOutput(out, this.names.output, yuv, this.scale * width, this.scale * height);
  }

  /** Restores one width×height frame (a restoration model); resolves to one of the same size. */
  async restore(frame: Uint8Array, width: number, height: number): Promise<Buffer> {
    const { yuv } = this.form;
    const strength =
      this.strength === undefined
        ? {}
        : {
            [this.names.strength]: new ort.Tensor(
              'float32',
              Float32Array.of(this.strength),
              [1, 1, 1, 1],
            ),
          };
    const out = await this.model.session.run({
      ...yuvPlaneFeeds(frame, yuv, width, height, this.names.frame),
      ...strength,
    });
    return yuvOutput(out, this.names.output, yuv, width, height);
  }

  /** The frame at time `t` between frames `a` (t = 0) and `b` (t = 1), all width×height. */
  async interpolate(
    a: Uint8Array,
    b: Uint8Array,
    t: number,
    width: number,
    height: number,
  ): Promise<Buffer> {
    if (!(t >= 0 && t <= 1)) throw new RangeError(`timestep must be within [0, 1], got ${t}`);
    const { yuv } = this.form;
    const out = await this.model.session.run({
      ...yuvPlaneFeeds(a, yuv, width, height, this.names.a),
      ...yuvPlaneFeeds(b, yuv, width, height, this.names.b),
      [this.names.timestep]: new ort.Tensor('float32', Float32Array.of(t), [1, 1, 1, 1]),
    });
    return yuvOutput(out, this.names.output, yuv, width, height);
  }
}
