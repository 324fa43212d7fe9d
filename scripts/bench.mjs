#!/usr/bin/env node
// `npm run bench`: the inference benchmarks (CPU, a few minutes), the worker's chunk
// pipeline against ffmpeg alone, then the orchestration-overhead benchmark through the
// real processes (needs a build). All of them live in apps/bench; their settings (flags
// and environment variables) are in apps/bench/src/bench-settings.ts.
import { spawnSync } from 'node:child_process';

const steps = [
  ['pnpm', ['--filter', '@remaster/bench', 'inference']],
  ['pnpm', ['--filter', '@remaster/bench', 'chunk-pipeline']],
  ['pnpm', ['build']],
  ['pnpm', ['--filter', '@remaster/bench', 'overhead']],
];
for (const [command, args] of steps) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
