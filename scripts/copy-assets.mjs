// Copies the files of one folder that end in an extension into another, for what tsc does
// not emit (a package's Lua commands): `node scripts/copy-assets.mjs <from> <to> <ext>`.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [from, to, ext] = process.argv.slice(2);
if (!from || !to || !ext) throw new Error('usage: copy-assets.mjs <from> <to> <ext>');
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from).filter((name) => name.endsWith(ext)))
  copyFileSync(join(from, file), join(to, file));
