// Shared by `npm start` and `npm test`: make a fresh Debian/Ubuntu machine with
// Node ≥ 20 ready — system packages, pnpm, dependencies, build. No dependencies here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';

export function log(message) {
  process.stdout.write(`[remaster] ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`[remaster] ${message}\n`);
  process.exit(1);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    cwd: ROOT,
    ...options,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...options.env },
  });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer`);
}

/**
 * Installs missing Debian packages with apt when running as root; otherwise says
 * what to install. `required` packages stop the start; the others only warn.
 */
export function ensureSystemPackages(packages) {
  const missing = packages.filter((p) => !has(p.binary));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.apt);
  const isRoot = process.getuid?.() === 0;
  if (isRoot && has('apt-get')) {
    log(`installing ${names.join(', ')} with apt-get`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env });
    return;
  }
  const hint = `install them with: sudo apt-get install ${names.join(' ')}`;
  if (missing.some((p) => p.required)) fail(`missing ${names.join(', ')}; ${hint}`);
  log(`warning: missing ${names.join(', ')}; ${hint}`);
}

/** The pnpm to use: the installed one when it is the pinned major, else the pinned version through npx. */
export function pnpmCommand() {
  const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (
    installed.status === 0 &&
    installed.stdout.trim().split('.')[0] === PNPM_VERSION.split('.')[0]
  )
    return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

export function pnpm(args, options) {
  const [command, ...prefix] = pnpmCommand();
  run(command, [...prefix, ...args], options);
}

/**
 * Dependencies from the lockfile (fast when nothing changed). `quiet`: only errors are
 * shown (for commands whose own output matters, such as `npm run models`).
 */
export function installDependencies({ quiet = false } = {}) {
  if (!quiet) log('installing dependencies');
  pnpm(['install', '--frozen-lockfile', ...(quiet ? ['--reporter=silent'] : [])], {
    env: { ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
}

/** Dependencies from the lockfile, then a build (turbo caches it). */
export function installAndBuild() {
  installDependencies();
  log('building');
  pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
  if (!existsSync(join(ROOT, 'apps/launcher/dist/main.js')))
    fail('build finished but apps/launcher/dist/main.js is missing');
}
