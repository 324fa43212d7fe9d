// What `npm run gpu-check` looks at before it runs anything on the GPU: the GPU itself
// (nvidia-smi), the onnxruntime/CUDA provider pairing of docs/deploy.md, and ffmpeg's
// encoders.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@remaster/media';
import { nvencEncoders } from './gpu-check-report.js';

const PAIRING_SCRIPT = fileURLToPath(
  new URL('../../../infra/docker/install-ort-cuda.sh', import.meta.url),
);
const PROVIDER_LIBS = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];

/** The GPU `deviceId` as nvidia-smi names it, or why there is none to check. */
export async function findGpu(deviceId: number): Promise<{ gpu: string } | { missing: string }> {
  let list: string;
  try {
    list = (await runProcess({ command: 'nvidia-smi', args: ['-L'], timeoutMs: 10_000 })).stdout
      .toString('utf8')
      .trim();
  } catch (error) {
    const absent =
      (error as NodeJS.ErrnoException).code === 'ENOENT' || /not found/.test(String(error));
    return {
      missing: absent
        ? 'nvidia-smi is not installed: this machine has no NVIDIA GPU driver'
        : `nvidia-smi failed (${(error as Error).message.split('\n')[0]})`,
    };
  }
  const gpus = list.split('\n').filter((line) => /^GPU \d+:/.test(line.trim()));
  const gpu = gpus[deviceId];
  if (!gpu) return { missing: `nvidia-smi lists ${gpus.length} GPUs, none with index ${deviceId}` };
  return { gpu: gpu.replace(/^GPU \d+:\s*/, '').trim() };
}

/**
 * Whether onnxruntime-node has the CUDA provider of its own release next to its binding
 * (where infra/docker/install-ort-cuda.sh puts it), checked by that script's `check`.
 */
export async function cudaPairing(): Promise<{ ok: boolean; message: string }> {
  const ortDir = dirname(dirname(fileURLToPath(import.meta.resolve('onnxruntime-node'))));
  const bindingDir = join(ortDir, 'bin/napi-v6/linux/x64');
  const missing = PROVIDER_LIBS.filter((lib) => !existsSync(join(bindingDir, lib)));
  if (missing.length > 0) {
    return {
      ok: false,
      message:
        `no ${missing.join(', ')} in ${bindingDir}: run \`sh infra/docker/install-ort-cuda.sh install .\` ` +
        'where the npm registry is reachable (docs/deploy.md), then run this again',
    };
  }
  try {
    const { stdout } = await runProcess({
      command: 'sh',
      args: [PAIRING_SCRIPT, 'check', ortDir, bindingDir],
      timeoutMs: 30_000,
    });
    return { ok: true, message: stdout.toString('utf8').trim() };
  } catch (error) {
    return { ok: false, message: (error as Error).message.split('\n').slice(0, 3).join(' ') };
  }
}

/** The NVENC encoders this ffmpeg has (none on an H100: it has no video encoder). */
export async function listNvenc(): Promise<string[]> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: ['-hide_banner', '-encoders'],
    timeoutMs: 10_000,
  });
  return nvencEncoders(stdout.toString('utf8'));
}
