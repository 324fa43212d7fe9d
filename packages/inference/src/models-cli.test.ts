import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { runModelsCli } from './models-cli.js';
import { startModelServer } from './testing/model-server.js';

async function run(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runModelsCli(argv, { out: (line) => lines.push(line) });
  return { code, lines };
}

test('models list prints one line per model', async () => {
  const { code, lines } = await run(['list']);
  assert.equal(code, 0);
  assert.deepEqual(
    lines.map((line) => line.split('\t').slice(0, 4).join(' ')),
    [
      'bicubic-x2 srx2 float32 builtin',
      'bicubic-x4 srx4 float32 builtin',
      'blend vfi float32 builtin',
      'mci vfi float32 builtin',
    ],
  );
});

test('models pull downloads a listed model into the cache; errors exit 1 with their code', async () => {
  const bytes = findBuiltinModel('blend')!.build();
  const server = await startModelServer({ '/blend.onnx': bytes });
  const dir = await mkdtemp(join(tmpdir(), 'models-cli-'));
  try {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const models = [
      { id: 'remote-blend', kind: 'vfi', url: server.url('/blend.onnx'), sha256, licence: 'test' },
    ];
    await writeFile(join(dir, 'models.json'), JSON.stringify({ models }));
    const cache = join(dir, 'cache');
    const pulled = await run([
      'pull',
      'remote-blend',
      '--manifest',
      join(dir, 'models.json'),
      '--cache-dir',
      cache,
    ]);
    assert.deepEqual(pulled, {
      code: 0,
      lines: [`remote-blend: ${join(cache, `remote-blend-${sha256}.onnx`)}`],
    });
    assert.deepEqual(await readdir(cache), [`remote-blend-${sha256}.onnx`]);
    const unknown = await run([
      'pull',
      'nope',
      '--manifest',
      join(dir, 'models.json'),
      '--cache-dir',
      cache,
    ]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.lines[0] ?? '', /^MODEL_NOT_FOUND: no model 'nope'/);
    assert.equal((await run(['frobnicate'])).code, 2);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
