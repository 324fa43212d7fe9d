#!/usr/bin/env node
// `npm run bench`: the inference benchmarks (CPU, a few minutes), the worker's chunk
// pipeline against ffmpeg alone, then the orchestration-overhead benchmark of the
// launcher (needs a build).
import { spawnSync } from 'node:child_process';

const steps = [
  ['pnpm', ['--filter', '@remaster/inference', 'bench']],
  ['pnpm', ['--filter', '@remaster/worker', 'bench']],
  ['pnpm', ['build']],
  ['pnpm', ['--filter', '@remaster/bench', 'bench']],
];
for (const [command, args] of steps) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
