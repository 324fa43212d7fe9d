#!/usr/bin/env node
// `npm run models -- <command>`: install what is missing, then list, add or pull models
// (apps/launcher/src/models-command.ts; `npm run models -- help` prints the usage). It runs
// from source, so it needs no build and answers in seconds.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, checkNode, installDependencies } from './bootstrap.mjs';

checkNode();
installDependencies({ quiet: true });
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--conditions=source',
    join(ROOT, 'apps/launcher/src/models-main.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: ROOT },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
