import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONFIG_DOCS_PATH, configDocRows, renderConfigDocs } from './config-docs.js';

const docsFile = fileURLToPath(new URL(`../../../${CONFIG_DOCS_PATH}`, import.meta.url));

test('docs/configuration.md is the page generated from the config schema', () => {
  assert.equal(
    readFileSync(docsFile, 'utf8'),
    renderConfigDocs(),
    'docs/configuration.md is stale: run `pnpm --filter @remaster/config run docs` and commit it',
  );
});

test('every variable has a meaning, and defaults come from the schema', () => {
  const rows = new Map(configDocRows().map((r) => [r.name, r]));
  assert.equal(rows.get('PORT')?.shownDefault, '`8080`');
  assert.equal(rows.get('ROLES')?.shownDefault, '`api,planner,worker,stitcher,webhook`');
  assert.equal(rows.get('REDIS_URL')?.shownDefault, '—');
  assert.equal(rows.get('TMP_DIR')?.shownDefault, 'OS temp dir');
  assert.equal(rows.get('UPLOAD_MAX_BYTES')?.shownDefault, '`10737418240`');
  for (const row of rows.values()) assert.ok(row.meaning.length > 0, row.name);
});

test('a rendered row escapes nothing away: the table has one line per variable', () => {
  const page = renderConfigDocs();
  const tableLines = page.split('\n').filter((l) => l.startsWith('| `'));
  assert.equal(tableLines.length, configDocRows().length);
  assert.ok(page.includes('| `MODELS_MANIFEST` '), 'MODELS_MANIFEST row');
});
