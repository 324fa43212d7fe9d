#!/usr/bin/env node
// `npm run models -- <command>`: install and build what is missing, then list, add or pull
// models (apps/launcher/src/models-command.ts; `npm run models -- help` prints the usage).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, checkNode, installAndBuild } from './bootstrap.mjs';

checkNode();
installAndBuild({ quiet: true });
const child = spawn(
  process.execPath,
  [join(ROOT, 'apps/launcher/dist/models-main.js'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: ROOT },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
