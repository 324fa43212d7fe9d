#!/usr/bin/env node
// `npm test`: install what is missing, build, typecheck, lint, then run every
// package's tests one package at a time (the machine has 2 cores) and sum them up.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  checkNode,
  ensureSystemPackages,
  fail,
  installAndBuild,
  log,
  pnpm,
} from './bootstrap.mjs';

checkNode();
ensureSystemPackages([
  { binary: 'ffmpeg', apt: 'ffmpeg', required: true },
  { binary: 'redis-server', apt: 'redis-server', required: true },
  // The dashboard's browser test drives it (apps/e2e/src/web-ui.test.ts).
  { binary: 'chromium', apt: 'chromium', required: false },
]);
installAndBuild();
log('typecheck and lint');
pnpm(['exec', 'turbo', 'run', 'typecheck', 'lint', '--output-logs=errors-only']);

// Libraries first, then apps, and the end-to-end suite (apps/e2e, the slowest) last.
const E2E = join(ROOT, 'apps', 'e2e');
const packages = ['packages', 'apps']
  .flatMap((group) =>
    readdirSync(join(ROOT, group))
      .map((name) => join(ROOT, group, name))
      .filter((dir) => existsSync(join(dir, 'src'))),
  )
  .sort((a, b) => Number(a === E2E) - Number(b === E2E));
const totals = { pass: 0, fail: 0, skipped: 0 };
const failed = [];
for (const dir of packages) {
  const counts = await runPackageTests(dir);
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  if (counts.exitCode !== 0) failed.push(dir.slice(ROOT.length + 1));
}
process.stdout.write(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped\n`);
if (failed.length > 0) fail(`tests failed in: ${failed.join(', ')}`);

function runPackageTests(dir) {
  log(`testing ${dir.slice(ROOT.length + 1)}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/run-tests.mjs')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const counts = { pass: 0, fail: 0, skipped: 0, exitCode: 1 };
    let pending = '';
    child.stdout.on('data', (data) => {
      process.stdout.write(data);
      pending += data.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ℹ (pass|fail|skipped) (\d+)$/.exec(line.trim());
        if (match) counts[match[1]] += Number(match[2]);
      }
    });
    child.on('exit', (code) => resolve({ ...counts, exitCode: code ?? 1 }));
  });
}
