import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateNoiseSigma } from './noise-estimate.js';
import { runProcess } from './run-process.js';

const [W, H] = [320, 240];

/** testsrc2's luma: flat areas, hard edges, text and a gradient (no noise of its own). */
async function testsrcLuma(frames: number): Promise<Uint16Array[]> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}:r=25`],
      ...['-frames:v', String(frames), '-vf', 'extractplanes=y'],
      ...['-f', 'rawvideo', '-pix_fmt', 'gray16le', 'pipe:1'],
    ],
  });
  const all = new Uint16Array(
    stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length),
  );
  return Array.from({ length: frames }, (_, k) => all.slice(k * W * H, (k + 1) * W * H));
}

/** Gaussian noise of σ (0–255 scale) added to 16-bit samples, rounded to 8 bits, from a fixed seed. */
function addNoise(plane: Uint16Array, sigma: number, seed: number): Uint16Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return plane.map((v) => {
    const g = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    return Math.min(255, Math.max(0, Math.round(v / 256 + sigma * g))) * 256;
  });
}

describe('estimateNoiseSigma', () => {
  it('finds almost no noise in a clean picture full of edges and text', async () => {
    const planes = (await testsrcLuma(3)).map((data) => ({ data, width: W, height: H }));
    assert.ok(estimateNoiseSigma(planes) < 0.5, `σ ${estimateNoiseSigma(planes)}`);
  });

  it('measures added Gaussian noise of σ 5, 15 and 25 within 5 %, edges notwithstanding', async () => {
    const clean = await testsrcLuma(3);
    for (const sigma of [5, 15, 25]) {
      const planes = clean.map((plane, k) => ({
        data: addNoise(plane, sigma, 7 + k),
        width: W,
        height: H,
      }));
      const estimate = estimateNoiseSigma(planes);
      assert.ok(
        Math.abs(estimate - sigma) <= 0.05 * sigma,
        `σ ${sigma} estimated ${estimate.toFixed(2)}`,
      );
    }
  });

  it('is 0 without a measurable block, and rejects a plane of the wrong size', () => {
    assert.equal(estimateNoiseSigma([]), 0);
    assert.equal(
      estimateNoiseSigma([{ data: new Uint16Array(64).fill(128 * 256), width: 8, height: 8 }]),
      0,
    );
    assert.throws(
      () => estimateNoiseSigma([{ data: new Uint16Array(10), width: 8, height: 8 }]),
      RangeError,
    );
  });
});
