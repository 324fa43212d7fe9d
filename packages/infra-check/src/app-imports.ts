// "No app imports an app" (STYLE.md, DESIGN §1): code two apps need is a package. An app
// may name another app as a dependency only to start its built entry as a process or to
// serve its built files, and then only through `import.meta.resolve` of that entry.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The apps that may depend on other apps, and why. Only through `import.meta.resolve` of
 * `<app>/main` (or `<app>/package.json`, for files): none of them imports an app's code.
 * apps/e2e is the test app that starts them all; nothing may depend on it.
 */
export const APP_DEPENDENTS: Readonly<Record<string, string>> = {
  '@remaster/e2e': 'the end-to-end suite starts the built role processes',
  '@remaster/launcher': 'npm start runs one process per role',
  '@remaster/bench': 'the benchmarks start the built role processes',
  '@remaster/api': "the API serves @remaster/web's built files at /ui",
};

/** Packages (apps included) nothing may depend on. */
const NOBODY_DEPENDS_ON = new Set(['@remaster/e2e']);

interface Workspace {
  readonly name: string;
  readonly dir: string;
  readonly isApp: boolean;
  readonly dependencies: readonly string[];
}

function readWorkspaces(root: string): Workspace[] {
  return ['apps', 'packages'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((folder) => join(root, group, folder))
      .filter((dir) => existsSync(join(dir, 'package.json')))
      .map((dir) => {
        const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name: string;
          dependencies?: Record<string, string>;
          devDependencies?: Record<string, string>;
          peerDependencies?: Record<string, string>;
          optionalDependencies?: Record<string, string>;
        };
        const dependencies = [
          json.dependencies,
          json.devDependencies,
          json.peerDependencies,
          json.optionalDependencies,
        ].flatMap((deps) => Object.keys(deps ?? {}));
        return { name: json.name, dir, isApp: group === 'apps', dependencies };
      }),
  );
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

// import … from 'x', export … from 'x', import 'x', import('x'), require('x')
const IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](@remaster\/[\w.-]+)(\/[^'"]*)?['"]/g;
// import.meta.resolve('x/main') or ('x/package.json'): the entry to start, the files to serve
const RESOLVE = /import\.meta\.resolve\(\s*['"](@remaster\/[\w.-]+)(\/[^'"]*)?['"]\s*\)/g;

/** Every breach of the rule in the workspace at `root`, one line each; empty when none. */
export function findAppImports(root: string): string[] {
  const workspaces = readWorkspaces(root);
  const apps = new Set(workspaces.filter((w) => w.isApp).map((w) => w.name));
  const problems: string[] = [];
  for (const w of workspaces) {
    const where = relative(root, w.dir);
    for (const dep of w.dependencies) {
      if (NOBODY_DEPENDS_ON.has(dep))
        problems.push(`${where}/package.json depends on ${dep}: nothing may depend on it`);
      else if (apps.has(dep) && !(w.name in APP_DEPENDENTS))
        problems.push(
          `${where}/package.json depends on the app ${dep}: move the code it needs into a package`,
        );
    }
    for (const file of sourceFiles(join(w.dir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const [, name] of text.matchAll(IMPORT))
        if (apps.has(name!) && name !== w.name && w.name !== '@remaster/e2e')
          problems.push(
            `${relative(root, file)} imports the app ${name}: move the code it needs into a package`,
          );
      for (const [, name, subpath = ''] of text.matchAll(RESOLVE))
        if (apps.has(name!) && !['/main', '/package.json'].includes(subpath))
          problems.push(
            `${relative(root, file)} resolves ${name}${subpath}: only an app's /main (to start it) or /package.json (for its files)`,
          );
    }
  }
  return [...new Set(problems)];
}
