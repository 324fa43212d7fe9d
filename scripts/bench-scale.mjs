#!/usr/bin/env node
// `npm run bench:scale [-- --workers 1,2,4 --frames N --chunk N --ms N --no-submissions]`:
// installs and builds (the benchmark runs the apps' dist as real processes), then runs
// apps/bench/src/scale.ts: one long job on 1…32 simulated-GPU workers, then the
// submission throughput benchmark. About 10 minutes with the defaults.
import { join } from 'node:path';
import { ROOT, checkNode, ensureSystemPackages, installAndBuild, run } from './bootstrap.mjs';

checkNode();
ensureSystemPackages([
  { binary: 'ffmpeg', apt: 'ffmpeg', required: true },
  { binary: 'redis-server', apt: 'redis-server', required: true },
]);
installAndBuild();
run(
  process.execPath,
  ['--import', 'tsx', '--conditions=source', 'src/scale.ts', ...process.argv.slice(2)],
  { cwd: join(ROOT, 'apps/bench') },
);
