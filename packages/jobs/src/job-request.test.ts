import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { jobCheckSchema, jobRequestSchema } from './job-request.js';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every field of the body that takes one of a few values, with those values, by dotted path. */
function choiceFields(node: unknown, path: string[] = []): Array<[string[], unknown[]]> {
  if (!isNode(node)) return [];
  const branches = Array.isArray(node.anyOf) ? node.anyOf.filter(isNode) : [];
  const values = [node, ...branches].flatMap((n) =>
    Array.isArray(n.enum) ? (n.enum as unknown[]) : 'const' in n ? [n.const] : [],
  );
  if (values.length > 0) return [[path, values]];
  if (isNode(node.items)) return choiceFields(node.items, [...path, '0']);
  const properties = isNode(node.properties) ? node.properties : {};
  return [
    ...Object.entries(properties).flatMap(([name, child]) => choiceFields(child, [...path, name])),
    ...branches.flatMap((branch) => choiceFields(branch, path)),
  ];
}

/** A valid body with `value` at `path` (arrays of one item at `0`). */
function bodyWith(path: string[], value: unknown): unknown {
  const body: Node = { input: { url: 's3://media/a.mp4' }, upscale: { factor: 2 } };
  if (path[0] === 'webhook') body.webhook = { url: 'https://example.com/hook' };
  let node: Node = body;
  for (const [i, name] of path.slice(0, -1).entries()) {
    const next = path[i + 1] === '0' ? [] : {};
    node[name] = isNode(node[name]) ? { ...node[name] } : next;
    node = node[name] as Node;
  }
  node[path[path.length - 1]!] = value;
  return body;
}

test('every field that takes one of a few values names them all when given another', () => {
  const fields = choiceFields(z.toJSONSchema(jobRequestSchema, { io: 'input' }));
  const paths = fields.map(([path]) => path.join('.'));
  // The walk finds the fields it must (a schema change that hides one fails here).
  for (const expected of ['upscale.factor', 'output.codec', 'output.container'])
    assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
  assert.ok(paths.includes('output.bitDepth') && paths.includes('webhook.events.0'));
  for (const [path, values] of fields) {
    for (const wrong of [999, 'nope']) {
      const result = jobRequestSchema.safeParse(bodyWith(path, wrong));
      assert.equal(result.success, false, `${path.join('.')}: ${String(wrong)} is refused`);
      const issue = result.error.issues.find((i) => i.path.join('.') === path.join('.'));
      assert.ok(issue, `an issue at ${path.join('.')}: ${result.error.message}`);
      assert.match(issue.message, /^use /, `${path.join('.')} says what to use`);
      for (const value of values) assert.ok(issue.message.includes(String(value)), issue.message);
    }
  }
});

test('upscale.factor 3 names the factors and upscale.height', () => {
  const result = jobRequestSchema.safeParse(bodyWith(['upscale', 'factor'], 3));
  assert.deepEqual(
    result.error?.issues.map((i) => i.message),
    ['use 2 or 4, or upscale.height for an exact output height'],
  );
});

test('a rate of the wrong type says which forms a rate takes', () => {
  const body = { input: { url: 's3://media/a.mp4' }, interpolate: { fps: true } };
  const result = jobRequestSchema.safeParse(body);
  assert.deepEqual(
    result.error?.issues.map((i) => i.message),
    ['use a number like 60 or 2.5, or a fraction like 30000/1001'],
  );
});

test('a check body may leave the input out; a job body may not', () => {
  const settings = { upscale: { factor: 2 } };
  assert.equal(jobCheckSchema.safeParse(settings).success, true);
  assert.equal(jobRequestSchema.safeParse(settings).success, false);
  assert.equal(jobCheckSchema.safeParse({ ...settings, denoise: true }).success, false);
});
