#!/usr/bin/env node
// Runs a package's `src/**/*.test.ts` files with Node's test runner and tsx.
// Node 20's runner does not find TypeScript files by itself, so we list them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = findTests('src').sort();
if (files.length === 0) {
  console.log('no test files under src/');
  process.exit(0);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--conditions=source',
    '--test',
    '--test-reporter=spec',
    // A test that hangs fails on its own instead of holding CI until its deadline.
    '--test-timeout=300000',
    ...process.argv.slice(2),
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
