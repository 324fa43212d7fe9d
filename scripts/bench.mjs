#!/usr/bin/env node
// `npm run bench`: the inference benchmarks (CPU, a few minutes), the worker's chunk
// pipeline against ffmpeg alone, then the orchestration-overhead benchmark through the
// real processes. All of them live in apps/bench; their settings (flags and environment
// variables) are in apps/bench/src/bench-settings.ts. Installs and builds first, as
// `npm test` does, with the pinned pnpm (npx when none is installed).
// `npm run bench -- <name> [flags]` runs one of apps/bench's scripts instead (`npm run
// chaos` is `bench -- chaos`), e.g. `npm run bench -- mci --rounds 5`.
import { checkNode, ensureSystemPackages, installAndBuild, log, pnpm } from './bootstrap.mjs';

checkNode();
ensureSystemPackages([
  { binary: 'ffmpeg', apt: 'ffmpeg', required: true },
  { binary: 'redis-server', apt: 'redis-server', required: true },
]);
installAndBuild();
const [only, ...flags] = process.argv.slice(2);
const benches = only ? [only] : ['inference', 'chunk-pipeline', 'overhead'];
for (const bench of benches) {
  log(`bench: ${bench}`);
  pnpm(['--filter', '@remaster/bench', bench, ...flags]);
}
