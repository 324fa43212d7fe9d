// Writes docs/configuration.md from the config schema: `pnpm --filter @remaster/config run docs`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_DOCS_PATH, renderConfigDocs } from './config-docs.js';

const target = fileURLToPath(new URL(`../../../${CONFIG_DOCS_PATH}`, import.meta.url));
writeFileSync(target, renderConfigDocs());
console.log(`wrote ${target}`);
