import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyGain } from './apply-gain.js';
import { runProcess } from './run-process.js';

const [W, H] = [64, 48];

async function testFrame(pixFmt: string): Promise<Buffer> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}:r=25`],
      ...['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', pixFmt, 'pipe:1'],
    ],
  });
  return stdout;
}

/** BT.601 limited-range YUV ↔ RGB in floating point, unclipped: the reference way to scale brightness. */
function yuvToRgb(y: number, u: number, v: number, scale: number): [number, number, number] {
  const [l, cb, cr] = [(y / scale - 16) / 219, (u / scale - 128) / 224, (v / scale - 128) / 224];
  return [l + 1.402 * cr, l - 0.344136 * cb - 0.714136 * cr, l + 1.772 * cb];
}

function rgbToYuv([r, g, b]: [number, number, number], scale: number): [number, number, number] {
  const l = 0.299 * r + 0.587 * g + 0.114 * b;
  const [cb, cr] = [(b - l) / 1.772, (r - l) / 1.402];
  return [(16 + 219 * l) * scale, (128 + 224 * cb) * scale, (128 + 224 * cr) * scale];
}

describe('applyGain', () => {
  it('rgb24: the same as ffmpeg colorchannelmixer scaling R, G and B', async () => {
    const frame = await testFrame('rgb24');
    const { stdout } = await runProcess({
      command: 'ffmpeg',
      args: [
        ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}:r=25`],
        ...['-vf', 'format=rgb24,colorchannelmixer=rr=0.85:gg=0.85:bb=0.85', '-frames:v', '1'],
        ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
      ],
    });
    const ours = applyGain(frame, {
      format: 'rgb24',
      width: W,
      height: H,
      gain: 0.85,
      range: 'tv',
    });
    const worst = Math.max(...Array.from(ours, (v, i) => Math.abs(v - stdout[i]!)));
    assert.ok(worst <= 1, `differs from ffmpeg by up to ${worst}`);
    assert.notDeepEqual(ours, frame);
  });

  for (const [format, scale] of [
    ['yuv420p', 1],
    ['yuv420p10le', 4],
  ] as const) {
    it(`${format}: the same as scaling RGB in floating point and converting back`, async () => {
      const frame = await testFrame(format);
      const gain = 1.13;
      const ours = applyGain(frame, { format, width: W, height: H, gain, range: 'tv' });
      const read = (buf: Buffer, i: number) => (scale === 1 ? buf[i]! : buf.readUInt16LE(2 * i));
      const [luma, chroma] = [W * H, (W / 2) * (H / 2)];
      let compared = 0;
      for (let y = 0; y < H; y += 1) {
        for (let x = 0; x < W; x += 1) {
          const c = (y >> 1) * (W / 2) + (x >> 1);
          const yuv = [
            read(frame, y * W + x),
            read(frame, luma + c),
            read(frame, luma + chroma + c),
          ] as const;
          const rgb = yuvToRgb(...yuv, scale).map((v) => v * gain) as [number, number, number];
          const expected = rgbToYuv(rgb, scale);
          // Clamped to the code range: no longer linear.
          if (expected.some((v) => v < 0 || v > 255 * scale)) continue;
          const got = [read(ours, y * W + x), read(ours, luma + c), read(ours, luma + chroma + c)];
          got.forEach((v, k) =>
            assert.ok(
              Math.abs(v - expected[k]!) <= 0.5 + 1e-6 * scale,
              `${format} (${x}, ${y}) plane ${k}: ${v} vs ${expected[k]}`,
            ),
          );
          compared += 1;
        }
      }
      assert.ok(compared > (W * H * 3) / 4, `only ${compared} pixels unclamped`);
    });
  }

  it('full range scales luma around 0, clamps at the top, and leaves the input alone', () => {
    const frame = Buffer.from([0, 100, 200, 250, 128, 20]); // 2x2 yuv420p: 4 luma, U, V
    const copy = Buffer.from(frame);
    assert.deepEqual(
      [...applyGain(frame, { format: 'yuv420p', width: 2, height: 2, gain: 1.1, range: 'pc' })],
      [0, 110, 220, 255, 128, 9],
    );
    assert.deepEqual(
      [...applyGain(frame, { format: 'yuv420p', width: 2, height: 2, gain: 1.1, range: 'tv' })],
      [0, 108, 218, 255, 128, 9],
    );
    assert.deepEqual(frame, copy);
    const deep = Buffer.alloc(12);
    deep.writeUInt16LE(1000, 0);
    deep.writeUInt16LE(64, 2);
    const out = applyGain(deep, {
      format: 'yuv420p10le',
      width: 2,
      height: 2,
      gain: 1.1,
      range: 'tv',
    });
    assert.equal(out.readUInt16LE(0), 1023);
    assert.equal(out.readUInt16LE(2), 64);
    const rgb48 = Buffer.alloc(6);
    rgb48.writeUInt16LE(40000, 0);
    assert.equal(
      applyGain(rgb48, {
        format: 'rgb48le',
        width: 1,
        height: 1,
        gain: 1.5,
        range: 'pc',
      }).readUInt16LE(0),
      60000,
    );
  });

  it('rejects a frame of the wrong size and a negative gain', () => {
    assert.throws(
      () =>
        applyGain(Buffer.alloc(5), {
          format: 'yuv420p',
          width: 2,
          height: 2,
          gain: 1,
          range: 'tv',
        }),
      RangeError,
    );
    assert.throws(
      () =>
        applyGain(Buffer.alloc(6), {
          format: 'yuv420p',
          width: 2,
          height: 2,
          gain: -1,
          range: 'tv',
        }),
      RangeError,
    );
  });
});
