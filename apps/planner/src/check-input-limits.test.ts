import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobRequest } from '@remaster/jobs';
import { TerminalFailure, jobRequestSchema } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import type { InputLimits } from './check-input-limits.js';
import { checkInputLimits, inputLimitsFromConfig } from './check-input-limits.js';

const SOURCE: SourceInfo = {
  width: 1920,
  height: 1080,
  fps: { num: 25, den: 1 },
  frames: 250,
  durationSeconds: 10,
  startTime: 0,
  videoCodec: 'h264',
  pixelFormat: 'yuv420p',
  bitDepth: 8,
  hasAudio: false,
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  sizeBytes: 5_000_000,
};
const LIMITS: InputLimits = inputLimitsFromConfig({
  INPUT_MAX_BYTES: 10_000_000,
  INPUT_MAX_DURATION_S: 60,
  INPUT_MAX_PIXELS: 3840 * 2160,
  OUTPUT_MAX_PIXELS: 3840 * 2160,
  OUTPUT_MAX_FPS: 120,
});

function request(body: Partial<Record<keyof JobRequest, unknown>>): JobRequest {
  return jobRequestSchema.parse({ input: { url: 's3://remaster/in.mp4' }, ...body });
}

/** The failure code, or 'ok' when the source and request pass. */
function verdict(source: Partial<SourceInfo>, body: Parameters<typeof request>[0]): string {
  try {
    checkInputLimits({ source: { ...SOURCE, ...source }, request: request(body), limits: LIMITS });
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof TerminalFailure, `expected a TerminalFailure, got ${String(error)}`);
    assert.match(error.message, /: |; /, 'the message says what to do');
    return error.code;
  }
}

test('each broken limit fails with its own code; sources and requests inside them pass', () => {
  const x2 = { upscale: { factor: 2 } };
  const cases: [string, Partial<SourceInfo>, Parameters<typeof request>[0], string][] = [
    ['1080p ×2 is 4K: inside', {}, x2, 'ok'],
    ['25 → 120 fps: at the limit', {}, { interpolate: { fps: 120 } }, 'ok'],
    ['no size known: not checked', { sizeBytes: undefined }, x2, 'ok'],
    ['file ends before its index', { truncated: true }, x2, 'INPUT_TRUNCATED'],
    ['bytes over INPUT_MAX_BYTES', { sizeBytes: 10_000_001 }, x2, 'INPUT_TOO_LARGE'],
    ['8000x8000 header', { width: 8000, height: 8000 }, x2, 'INPUT_RESOLUTION_TOO_HIGH'],
    ['61 s over 60 s', { durationSeconds: 61 }, x2, 'INPUT_TOO_LONG'],
    ['×4 of 1080p is 8K', {}, { upscale: { factor: 4 } }, 'OUTPUT_TOO_LARGE'],
    ['height 4320 from 1080p', {}, { upscale: { height: 4320 } }, 'OUTPUT_TOO_LARGE'],
    ['fps 240 over 120', {}, { interpolate: { fps: 240 } }, 'OUTPUT_FPS_OUT_OF_RANGE'],
    ['factor 5 of 25 fps is 125', {}, { interpolate: { factor: 5 } }, 'OUTPUT_FPS_OUT_OF_RANGE'],
    [
      'factor 0.02 of 25 fps is 0.5',
      {},
      { interpolate: { factor: 0.02 } },
      'OUTPUT_FPS_OUT_OF_RANGE',
    ],
  ];
  for (const [name, source, body, expected] of cases)
    assert.equal(verdict(source, body), expected, name);
});
