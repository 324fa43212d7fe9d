import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';

/** A Compose file as parsed (anchors and merge keys resolved); the schema says the rest. */
export interface ComposeFile {
  readonly services: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface ComposeCheck {
  readonly file: ComposeFile;
  /** `instancePath: message` for every schema violation; empty when the file is valid. */
  readonly problems: readonly string[];
}

const require = createRequire(import.meta.url);

/**
 * The Compose Specification JSON schema (compose-spec/compose-spec `schema/compose-spec.json`),
 * as dclint bundles it; Docker Compose validates against the same schema.
 */
function composeSchema(): object {
  // dclint exports only its entry points and package.json; the schema sits beside the latter.
  const path = join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  // It names draft-07 by an https URL that Ajv does not register; draft-07 is Ajv's default.
  delete schema.$schema;
  return schema;
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Parses a Compose file (YAML merge keys on, as Compose reads them) and validates it. */
export function checkComposeFile(path: string): ComposeCheck {
  return checkComposeText(readFileSync(path, 'utf8'));
}

export function checkComposeText(text: string): ComposeCheck {
  const file = parse(text, { merge: true }) as ComposeFile;
  // The schema uses formats such as "duration" that Ajv does not know; types, enums,
  // required and unknown-property rules are what matter here.
  validator ??= new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
    composeSchema(),
  );
  const valid = validator(file);
  const problems = valid ? [] : (validator.errors ?? []).map(describe);
  return { file, problems };
}

function describe(error: ErrorObject): string {
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
      : '';
  return `${error.instancePath || '/'}: ${error.message ?? error.keyword}${extra}`;
}
