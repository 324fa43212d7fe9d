import { z } from 'zod';
import { envSchema } from './config.js';

/** One row of docs/configuration.md: a variable, its default as shown, its meaning. */
export interface ConfigDocRow {
  name: string;
  shownDefault: string;
  meaning: string;
}

/** Path of the generated page, relative to the repository root. */
export const CONFIG_DOCS_PATH = 'docs/configuration.md';

const HEADER = `# Configuration

<!-- Generated from packages/config/src/config.ts by \`pnpm --filter @remaster/config run docs\`; do not edit by hand. A test fails when this page is stale. -->

All configuration is environment variables, parsed once per process
([\`packages/config/src/config.ts\`](../packages/config/src/config.ts)); a bad value stops
the process with a message listing every bad variable. Nothing deeper in the code reads
\`process.env\`.

`;

/** The rows, in the schema's order, from each variable's `.describe()` / `.meta()`. */
export function configDocRows(): ConfigDocRow[] {
  return Object.entries(envSchema.shape).map(([name, schema]) => {
    const meta = (schema as z.ZodType).meta() ?? {};
    if (typeof meta.description !== 'string' || meta.description === '')
      throw new Error(`${name} has no .describe() text in packages/config/src/config.ts`);
    const shown =
      typeof meta['docDefault'] === 'string' ? meta['docDefault'] : shownDefault(schema);
    return { name, shownDefault: shown, meaning: meta.description };
  });
}

function shownDefault(schema: z.ZodType): string {
  if (!(schema instanceof z.ZodDefault)) return '—';
  const value: unknown = schema.def.defaultValue;
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return `\`${text}\``;
}

/** The whole page: a markdown table padded so that it reads as text too. */
export function renderConfigDocs(rows: ConfigDocRow[] = configDocRows()): string {
  const cells = [
    ['variable', 'default', 'meaning'],
    ...rows.map((r) => [`\`${r.name}\``, r.shownDefault, r.meaning]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => [...row[c]!].length)));
  const line = (row: string[]): string =>
    `| ${row.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return `${HEADER}${line(cells[0]!)}\n${rule}\n${cells.slice(1).map(line).join('\n')}\n`;
}
