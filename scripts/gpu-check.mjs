#!/usr/bin/env node
// `npm run gpu-check`: on a machine with an NVIDIA GPU, the CUDA provider, the shared SR
// models at 720p and 1080p against bare onnxruntime, NVENC, and one real job with a CUDA
// worker (apps/bench/src/gpu-check.ts; docs/benchmarks.md "GPU check"). It runs from
// source; the job's roles run from their builds, so with a GPU it builds first. Without a
// GPU it says so and exits 0 in seconds.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, checkNode, installAndBuild, installDependencies } from './bootstrap.mjs';

checkNode();
const gpu = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8' });
if (gpu.status === 0 && /^GPU \d+:/m.test(gpu.stdout)) installAndBuild();
else installDependencies({ quiet: true });
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--conditions=source',
    join(ROOT, 'apps/bench/src/gpu-check.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: join(ROOT, 'apps/bench') },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
