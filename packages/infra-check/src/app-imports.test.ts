import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { findAppImports } from './app-imports.js';
import { repoRoot } from './repo-root.js';

test('no app imports another app, and nothing depends on apps/e2e', () => {
  assert.deepEqual(findAppImports(repoRoot()), []);
});

// Built from parts, so that this file's own text does not break the rule it checks.
const W = ['@remaster', 'worker'].join('/');
const E = ['@remaster', 'e2e'].join('/');

test('the check names an app import, an app dependency, a dependency on e2e and a deep resolve', () => {
  const root = mkdtempSync(join(tmpdir(), 'app-imports-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const pkg = (name: string, dependencies: string[] = []) =>
    JSON.stringify({ name, dependencies: Object.fromEntries(dependencies.map((d) => [d, '*'])) });
  write('apps/worker/package.json', pkg(W));
  write('apps/e2e/package.json', pkg(E, [W]));
  write('apps/e2e/src/a.test.ts', `import { x } from '${W}';\n`);
  write('apps/bench/package.json', pkg('@remaster/bench', [W]));
  write('apps/bench/src/a.ts', `const e = import.meta.resolve('${W}/main');\n`);
  write('apps/bench/src/b.ts', `const f = import.meta.resolve('${W}/dist/x.js');\n`);
  write('apps/launcher/package.json', pkg('@remaster/launcher', [W]));
  write('apps/launcher/src/main.ts', `import type { X } from '${W}';\n`);
  write('apps/cli/package.json', pkg('@remaster/cli', [E, W]));
  write('packages/sdk/package.json', pkg('@remaster/sdk', [W]));
  write('packages/sdk/src/a.ts', `export { y } from '${W}/main';\n`);
  try {
    assert.deepEqual(findAppImports(root).sort(), [
      "apps/bench/src/b.ts resolves @remaster/worker/dist/x.js: only an app's /main (to start it) or /package.json (for its files)",
      'apps/cli/package.json depends on @remaster/e2e: nothing may depend on it',
      'apps/cli/package.json depends on the app @remaster/worker: move the code it needs into a package',
      'apps/launcher/src/main.ts imports the app @remaster/worker: move the code it needs into a package',
      'packages/sdk/package.json depends on the app @remaster/worker: move the code it needs into a package',
      'packages/sdk/src/a.ts imports the app @remaster/worker: move the code it needs into a package',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
