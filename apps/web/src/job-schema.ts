// The job body's choices, ranges, defaults and descriptions, read from the API's own
// OpenAPI document (/docs/json, generated from the zod schema that validates submits):
// the form offers what the API takes without a copy of the schema to keep in step.

/** What the API's schema says about one field of the job body. */
export interface FieldRule {
  /** The allowed values of an enum or a union of literals; empty for a free value. */
  readonly values: readonly (string | number)[];
  readonly min?: number;
  readonly max?: number;
  readonly integer: boolean;
  readonly default?: string | number | boolean;
  readonly description?: string;
}

/** `rule('output.codec')`: the rule of a field by its dotted path in the job body. */
export type JobSchema = (path: string) => FieldRule;

type Node = Record<string, unknown>;

const FREE: FieldRule = { values: [], integer: false };

/** A schema that knows nothing: every field is free and left to the API's defaults. */
export const UNKNOWN_SCHEMA: JobSchema = () => FREE;

/** Reads the body schema of `POST /v1/jobs` from an OpenAPI document. */
export function readJobSchema(openapi: unknown): JobSchema {
  const body = at(openapi, [
    'paths',
    '/v1/jobs',
    'post',
    'requestBody',
    'content',
    'application/json',
    'schema',
  ]);
  if (!isNode(body)) throw new Error('the API document has no schema for POST /v1/jobs');
  return (path) => {
    let node: unknown = body;
    for (const name of path.split('.')) node = property(node, name);
    return isNode(node) ? ruleOf(node) : FREE;
  };
}

function ruleOf(node: Node): FieldRule {
  const branches = Array.isArray(node.anyOf) ? node.anyOf.filter(isNode) : [];
  const values = [node, ...branches].flatMap(literals);
  const items = isNode(node.items) ? literals(node.items) : [];
  const bounded = [node, ...branches].find((n) => typeof n.minimum === 'number') ?? node;
  return {
    values: values.length ? values : items,
    ...(typeof bounded.minimum === 'number' ? { min: bounded.minimum } : {}),
    ...(typeof bounded.maximum === 'number' ? { max: bounded.maximum } : {}),
    integer: bounded.type === 'integer',
    ...(isScalar(node.default) ? { default: node.default } : {}),
    ...(typeof node.description === 'string' ? { description: node.description } : {}),
  };
}

/** A property of an object schema, looking through `anyOf` (an optional or nullable one). */
function property(node: unknown, name: string): unknown {
  if (!isNode(node)) return undefined;
  const own = isNode(node.properties) ? node.properties[name] : undefined;
  if (own !== undefined) return own;
  const branches = Array.isArray(node.anyOf) ? node.anyOf : [];
  return branches.map((branch) => property(branch, name)).find((found) => found !== undefined);
}

function literals(node: Node): (string | number)[] {
  const list = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : [];
  return list.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
}

function at(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isNode(node) ? node[key] : undefined), value);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return ['string', 'number', 'boolean'].includes(typeof value);
}
