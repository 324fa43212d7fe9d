#!/usr/bin/env node
// `npm start`: install what is missing, build, and run the roles named in ROLES.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, checkNode, ensureSystemPackages, installAndBuild } from './bootstrap.mjs';

checkNode();
ensureSystemPackages([
  { binary: 'ffmpeg', apt: 'ffmpeg', required: true },
  { binary: 'redis-server', apt: 'redis-server', required: false },
]);
installAndBuild();
const child = spawn(process.execPath, [join(ROOT, 'apps/launcher/dist/main.js')], {
  stdio: 'inherit',
  cwd: ROOT,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
