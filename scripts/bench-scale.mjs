#!/usr/bin/env node
// `npm run bench:scale [-- --workers 1,2,4 --frames N --chunk N --ms N --no-submissions]`:
// builds the apps (the benchmark runs their dist as real processes), then runs
// apps/bench/src/scale.ts: one long job on 1…32 simulated-GPU workers, then
// the submission throughput benchmark. About 10 minutes with the defaults.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('../apps/bench/', import.meta.url));
const steps = [
  ['pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@remaster/bench...'], {}],
  [
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'src/scale.ts', ...process.argv.slice(2)],
    { cwd: bench },
  ],
];
for (const [command, args, options] of steps) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
