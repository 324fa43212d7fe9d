// The fused form (one session, YUV in and out) against the two paths it replaces for
// whole frames: the three sessions of the YUV pipes (converter → packed model →
// converter) and the rgb pipes (swscale → packed model → swscale).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import {
  buildModel,
  findBuiltinModel,
  node,
  readOnnxModel,
  tensorInfo,
} from '@remaster/onnx-graph';
import { FrameRunner } from './frame-runner.js';
import type { ModelKind } from './model-contract.js';
import type { ModelSession } from './model-session.js';
import type { PixelFormat } from './pixel-format.js';
import { sharedDir, sharedModelsDir, skipUnless } from './testing/shared-data.js';
import { rawFrames, samplePsnr, swscaleToRgb, swscaleToYuv } from './testing/swscale.js';
import { float16Bicubic, threeInputBlend } from './testing/test-models.js';
import { wrapForPackedRgb } from './wrap-for-packed-rgb.js';
import {
  fusesWell,
  planarYuvNames,
  wrapForPlanarYuv,
  type PlanarYuvForm,
} from './wrap-for-planar-yuv.js';
import { YuvConverter, yuvFrameBytes } from './yuv-converter.js';
import { YuvFrameModel } from './yuv-frame-model.js';

const SIZE = { width: 64, height: 48 };
const realClip = join(sharedDir, 'media/videos/big_buck_bunny_0_30.webm');
/**
 * Frames A and B (a second apart) of a real clip, or of moving gradients without it:
 * testsrc2's sharp coloured edges at this size are where the 2×2 chroma mean and
 * swscale's wider filter differ most, for the three sessions as for the fused one
 * (about 43 dB against the rgb pipes).
 */
const SOURCE = existsSync(realClip)
  ? ['-ss', '10', '-i', realClip, '-r', '1']
  : ['-f', 'lavfi', '-i', 'gradients=s=256x192:speed=0.1:seed=1,fps=1'];
const realX2 = join(sharedModelsDir, 'RealESRGANv2-animevideo-xsx2.onnx');
const released: Array<{ release(): Promise<void> } | { close(): Promise<void> }> = [];

after(async () => {
  await Promise.all(released.map((r) => ('close' in r ? r.close() : r.release())));
});

async function session(bytes: Uint8Array): Promise<ModelSession> {
  const created = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  released.push(created);
  return { session: created, inputName: '', outputName: '', provider: 'cpu' };
}

const identity = buildModel({
  inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
  outputs: [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
  nodes: [node('Identity', ['input'], ['output'])],
});

interface Form extends PlanarYuvForm {
  rgb: PixelFormat;
}
const FORMS: Form[] = [
  { yuv: 'yuv420p', rgb: 'rgb24', matrix: 'bt709', range: 'tv' },
  { yuv: 'yuv420p10le', rgb: 'rgb48le', matrix: 'bt709', range: 'tv' },
  { yuv: 'yuv420p', rgb: 'rgb24', matrix: 'bt601', range: 'pc' },
];

/** One model's output frame by the fused session, the three sessions and the rgb pipes. */
async function threeWays(
  bytes: Uint8Array,
  kind: ModelKind,
  scale: number,
  form: Form,
): Promise<{ fused: Buffer; threeSessions: Buffer; rgbPipes: Buffer }> {
  const { width, height } = SIZE;
  const out = { width: width * scale, height: height * scale };
  const frames = await rawFrames(SOURCE, SIZE, form.yuv, 2);
  const frameBytes = yuvFrameBytes(form.yuv, width, height);
  const [a, b] = [frames.subarray(0, frameBytes), frames.subarray(frameBytes)];
  const fused = new YuvFrameModel(
    await session(wrapForPlanarYuv(bytes, form, kind)),
    kind,
    form,
    scale,
  );
  const packed = new FrameRunner(
    await session(wrapForPackedRgb(bytes, kind, form.rgb)),
    kind,
    form.rgb,
  );
  const converter = await YuvConverter.load({ ...form, executionProviders: ['cpu'] });
  released.push(converter);
  const model = async (rgbA: Buffer, rgbB: Buffer) => {
    const batch = (data: Buffer) => ({ data, count: 1, width, height });
    const result =
      kind === 'sr'
        ? await packed.upscaleBatch(batch(rgbA))
        : await packed.interpolateBatch(batch(rgbA), batch(rgbB), [0.25]);
    return Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength);
  };
  const swscaleRgb = (f: Buffer) => swscaleToRgb(f, SIZE, form.yuv, form.rgb, form);
  return {
    fused:
      kind === 'sr'
        ? await fused.upscale(a, width, height)
        : await fused.interpolate(a, b, 0.25, width, height),
    threeSessions: await converter.toYuv(
      await model(await converter.toRgb(a, width, height), await converter.toRgb(b, width, height)),
      out.width,
      out.height,
    ),
    rgbPipes: await swscaleToYuv(
      await model(await swscaleRgb(a), await swscaleRgb(b)),
      out,
      form.rgb,
      form.yuv,
      form,
    ),
  };
}

const MODELS: Array<{
  name: string;
  bytes: () => Promise<Uint8Array>;
  kind: ModelKind;
  scale: number;
  skip?: string | false;
}> = [
  { name: 'identity', bytes: () => Promise.resolve(identity), kind: 'sr', scale: 1 },
  {
    name: 'bicubic-x2',
    bytes: () => Promise.resolve(findBuiltinModel('bicubic-x2')!.build()),
    kind: 'sr',
    scale: 2,
  },
  {
    name: 'float16 bicubic ×2',
    bytes: () => Promise.resolve(float16Bicubic()),
    kind: 'sr',
    scale: 2,
  },
  {
    name: 'blend (7 channels)',
    bytes: () => Promise.resolve(findBuiltinModel('blend')!.build()),
    kind: 'vfi',
    scale: 1,
  },
  {
    name: 'three-input blend',
    bytes: () => Promise.resolve(threeInputBlend(['N', 1, 'H', 'W'])),
    kind: 'vfi',
    scale: 1,
  },
  {
    name: 'RealESRGANv2 xsx2 (real)',
    bytes: () => readFile(realX2),
    kind: 'sr',
    scale: 2,
    skip: skipUnless(realX2),
  },
];

for (const form of FORMS) {
  describe(`fused ${form.yuv} ${form.matrix} ${form.range}: one session against the paths it replaces`, () => {
    for (const { name, bytes, kind, scale, skip } of MODELS) {
      it(
        `${name}: ≥ 45 dB against the three sessions and against the rgb pipes`,
        { skip },
        async () => {
          const { fused, threeSessions, rgbPipes } = await threeWays(
            await bytes(),
            kind,
            scale,
            form,
          );
          const [sampleBytes, peak] =
            form.yuv === 'yuv420p10le' ? ([2, 1023] as const) : ([1, 255] as const);
          const vsThree = samplePsnr(fused, threeSessions, sampleBytes, peak);
          const vsRgb = samplePsnr(fused, rgbPipes, sampleBytes, peak);
          assert.ok(vsThree >= 45, `against the three sessions: ${vsThree.toFixed(2)} dB`);
          assert.ok(vsRgb >= 45, `against the rgb pipes: ${vsRgb.toFixed(2)} dB`);
        },
      );
    }
  });
}

describe('the fused graph', () => {
  const form = { yuv: 'yuv420p10le', matrix: 'bt709', range: 'tv' } as const;

  it('takes and returns planes, and converts in float without 1×1 Convs or float transposes', () => {
    const wrapped = readOnnxModel(
      wrapForPlanarYuv(findBuiltinModel('blend')!.build(), form, 'vfi'),
    );
    const names = planarYuvNames('yuv420p10le');
    assert.deepEqual(
      wrapped.inputs.map((i) => [i.name, i.type, i.shape.length]),
      [
        [names.a.y, 'uint16', 3],
        [names.a.u, 'uint16', 3],
        [names.a.v, 'uint16', 3],
        [names.b.y, 'uint16', 3],
        [names.b.u, 'uint16', 3],
        [names.b.v, 'uint16', 3],
        [names.timestep, 'float32', 4],
      ],
    );
    assert.deepEqual(
      wrapped.outputs.map((o) => [o.name, o.type]),
      [[names.output, 'uint16']],
    );
    const ops = new Set(wrapped.nodes.map((n) => n.opType));
    assert.ok(!ops.has('Conv') && !ops.has('Transpose'), [...ops].join(', '));
  });

  it('runs well fused except a cubic Resize on the cpu provider', () => {
    const bicubic = readOnnxModel(findBuiltinModel('bicubic-x2')!.build());
    assert.equal(fusesWell(bicubic, ['cpu']), false);
    assert.equal(fusesWell(bicubic, ['cuda', 'cpu']), true);
    assert.equal(fusesWell(readOnnxModel(findBuiltinModel('blend')!.build()), ['cpu']), true);
  });

  it('a frame of the wrong size is refused before it runs', async () => {
    const model = new YuvFrameModel(
      await session(wrapForPlanarYuv(identity, form, 'sr')),
      'sr',
      form,
    );
    await assert.rejects(model.upscale(new Uint8Array(100), 8, 8), RangeError);
  });

  it('a session of another form is refused with MODEL_CONTRACT', async () => {
    const packed = await session(wrapForPackedRgb(identity, 'sr'));
    assert.throws(() => new YuvFrameModel(packed, 'sr', form), /has no input 'yuv420p10le_y'/);
  });
});
