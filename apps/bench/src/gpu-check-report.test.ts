import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideBound, formatGpuReport, nvencEncoders } from './gpu-check-report.js';

const ENCODERS = ` V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC (codec h264)
 V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)
 V....D hevc_nvenc           NVIDIA NVENC hevc encoder (codec hevc)
 A....D aac                  AAC (Advanced Audio Coding)`;

test('nvencEncoders lists the NVENC video encoders and nothing else', () => {
  assert.deepEqual(nvencEncoders(ENCODERS), ['h264_nvenc', 'hevc_nvenc']);
  assert.deepEqual(nvencEncoders(' V....D libx264   libx264 H.264'), []);
});

test('decideBound picks the slowest stage alone and how close the chunks come to it', () => {
  assert.deepEqual(decideBound({ decode: 400, model: 90, encode: 120 }, 72), {
    stage: 'model',
    efficiency: 0.8,
  });
  assert.equal(decideBound({ decode: 400, model: 900, encode: 120 }, 60).stage, 'encode');
  assert.equal(decideBound({ decode: 30, model: 900, encode: 120 }, 30).stage, 'decode');
});

test('formatGpuReport prints ratios to bare onnxruntime, the encoder and the bound', () => {
  const text = formatGpuReport({
    gpu: 'NVIDIA H100 80GB HBM3, 81559 MiB',
    onnxruntime: 'onnxruntime-node 1.29.0',
    provider: 'CUDA provider paired',
    nvenc: [],
    models: [
      { model: 'm', input: '1280x720', path: 'bare onnxruntime', fps: 50, note: 'cuda' },
      {
        model: 'm',
        input: '1280x720',
        path: 'fused yuv420p',
        fps: 45,
        bareFps: 50,
        note: 'cuda',
      },
      { model: 'm', input: '1280x720', path: 'Upscaler rgb24', bareFps: 50, note: 'not fused' },
    ],
    job: {
      description: '×2 m, 1280x720',
      status: 'completed',
      frames: 96,
      chunkFps: 36,
      stages: { decode: 500, model: 45, encode: 80 },
      encoder: 'libx264',
    },
    seconds: 212,
  });
  assert.match(text, /\| m \| 1280x720 \| fused yuv420p \| 45\.00 \| 0\.90 \| cuda \|/);
  assert.match(text, /\| m \| 1280x720 \| Upscaler rgb24 \| — \| — \| not fused \|/);
  assert.match(text, /no NVENC encoder \(an H100 has none\)/);
  assert.match(text, /bound by {7}model \(chunks reach 80 % of model alone\)/);
  assert.match(text, /gpu-check took 212 s/);
});
