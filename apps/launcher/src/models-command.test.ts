import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig, localModelDirs, pulledModelsDir } from '@remaster/config';
import type { ModelServer } from '@remaster/inference/testing';
import { sharedDir, skipUnless, startModelServer } from '@remaster/inference/testing';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { runModelsCommand } from './models-command.js';

// Real ONNX files: the built-in graphs written to disk under names of our own.
const X2 = findBuiltinModel('bicubic-x2')!.build();
const VFI = findBuiltinModel('blend')!.build();
const restoreModels = join(sharedDir, 'restore-models');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('npm run models', () => {
  let dir: string;
  let server: ModelServer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'models-command-'));
    server = await startModelServer({ '/Sharp-X2.onnx': X2, '/blend.onnx': VFI });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A fresh DATA_DIR per case, so registrations do not leak between tests. */
  async function machine(env: Record<string, string> = {}) {
    const dataDir = await mkdtemp(join(dir, 'data-'));
    const config = loadConfig({ DATA_DIR: dataDir, ...env });
    const run = async (...argv: string[]) => {
      const lines: string[] = [];
      const code = await runModelsCommand(argv, config, { out: (line) => lines.push(line) });
      return { code, text: lines.join('\n') };
    };
    return { config, run };
  }

  test('list: the built-ins, and mci / bicubic as the defaults when nothing else is registered', async () => {
    const { run } = await machine();
    const { code, text } = await run('list');
    assert.equal(code, 0, text);
    for (const id of ['bicubic-x2', 'bicubic-x4', 'blend', 'mci'])
      assert.match(text, new RegExp(`^${id} `, 'm'));
    assert.match(text, /upscale ×2 +bicubic-x2 +\(built-in\)/);
    assert.match(text, /upscale ×4 +bicubic-x4 +\(built-in\)/);
    assert.match(text, /interpolate +mci +\(built-in\)/);
    assert.match(text, /npm run models -- add <folder>/);
  });

  test('add registers a folder for npm start; list shows its models and how to make one the default; remove forgets it', async () => {
    const { config, run } = await machine();
    const folder = join(dir, 'my-models');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'Sharp-X2.onnx'), X2);
    await writeFile(join(folder, 'notes.onnx'), 'not a model');

    const added = await run('add', folder);
    assert.equal(added.code, 0, added.text);
    assert.match(added.text, /skipped .*notes\.onnx/);
    assert.match(added.text, /registered .*my-models: sharp-x2 \(sr ×2\)/);
    assert.deepEqual(localModelDirs(config), [folder]);

    const listed = await run('list');
    assert.match(listed.text, /^sharp-x2 +sr ×2 +file/m);
    assert.match(
      listed.text,
      /upscale ×2 +bicubic-x2 +\(built-in; registered, not default: sharp-x2 \(set DEFAULT_SR_MODEL\)\)/,
    );
    // With the default set, as npm start would pass it, the learned model is what jobs get.
    const lines: string[] = [];
    const withDefault = await runModelsCommand(
      ['list'],
      { ...config, DEFAULT_SR_MODEL: ['sharp-x2'] },
      { out: (line) => lines.push(line) },
    );
    assert.equal(withDefault, 0, lines.join('\n'));
    assert.match(lines.join('\n'), /upscale ×2 +sharp-x2 +\(the configured default\)/);

    assert.equal((await run('add', folder)).code, 0, 'adding twice is harmless');
    assert.deepEqual(localModelDirs(config), [folder]);
    const removed = await run('remove', folder);
    assert.equal(removed.code, 0, removed.text);
    assert.deepEqual(localModelDirs(config), []);
  });

  test(
    'add registers the shared restoration models; list shows their kind and the ffmpeg fallback until one is the default',
    { skip: skipUnless(restoreModels) },
    async () => {
      const { config, run } = await machine();
      const added = await run('add', restoreModels);
      assert.equal(added.code, 0, added.text);
      assert.match(added.text, /ffdnet_color \(restoration \(σ in 'sigma'\)\)/);
      const listed = await run('list');
      assert.match(listed.text, /^cdncnn_b_color_blind +restoration \(blind\) +file/m);
      assert.match(listed.text, /^ffdnet_color +restoration \(σ in 'sigma'\) +file/m);
      assert.match(
        listed.text,
        /denoise +ffmpeg nlmeans +\(classical filter; registered, not default: cdncnn_b_color_blind, dncnn3_luma_rgbwrap, ffdnet_color \(set DEFAULT_DENOISE_MODEL\)\)/,
      );
      assert.match(listed.text, /deblock +ffmpeg spp +\(classical filter; /);
      const lines: string[] = [];
      const env = {
        DEFAULT_DENOISE_MODEL: 'ffdnet_color',
        DEFAULT_DEBLOCK_MODEL: 'dncnn3_luma_rgbwrap',
      };
      const code = await runModelsCommand(
        ['list'],
        { ...config, ...env },
        {
          out: (line) => lines.push(line),
        },
      );
      const text = lines.join('\n');
      assert.equal(code, 0, text);
      assert.match(text, /^ffdnet_color +restoration \(denoise, σ in 'sigma'\) +file .* default$/m);
      assert.match(text, /denoise +ffdnet_color +\(the configured default\)/);
      assert.match(text, /deblock +dncnn3_luma_rgbwrap +\(the configured default\)/);
    },
  );

  test('add refuses a folder that is not there, or holds no model', async () => {
    const { config, run } = await machine();
    const missing = await run('add', join(dir, 'nowhere'));
    assert.equal(missing.code, 1);
    assert.match(missing.text, /nowhere\) is not a folder/);
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const none = await run('add', empty);
    assert.equal(none.code, 1);
    assert.match(none.text, /MODEL_NOT_FOUND: .*holds no \.onnx model/);
    assert.deepEqual(localModelDirs(config), []);
  });

  test('pull <url> --sha256 downloads, checks and registers one model; a wrong sha256 leaves nothing', async () => {
    const { config, run } = await machine();
    const wrong = await run('pull', server.url('/Sharp-X2.onnx'), '--sha256', 'ab'.repeat(32));
    assert.equal(wrong.code, 1);
    assert.match(wrong.text, /^MODEL_CHECKSUM: /);
    assert.deepEqual(await readdir(pulledModelsDir(config.DATA_DIR)), [], 'nothing kept');

    const pulled = await run('pull', server.url('/Sharp-X2.onnx'), '--sha256', sha256(X2));
    assert.equal(pulled.code, 0, pulled.text);
    assert.match(pulled.text, /^sharp-x2 \(sr ×2\): .*pulled\/sharp-x2\.onnx/);
    assert.deepEqual(await readdir(pulledModelsDir(config.DATA_DIR)), ['sharp-x2.onnx']);
    assert.deepEqual(localModelDirs(config), [pulledModelsDir(config.DATA_DIR)]);
    const named = await run(
      'pull',
      server.url('/blend.onnx'),
      '--sha256',
      sha256(VFI),
      '--id',
      'My-Blend',
    );
    assert.equal(named.code, 0, named.text);
    assert.match((await run('list')).text, /^my-blend +vfi +file/m);

    const usage = await run('pull', server.url('/blend.onnx'));
    assert.equal(usage.code, 2);
    assert.match(usage.text, /needs --sha256/);
  });

  test('pull <id> downloads a model the manifest lists into MODELS_CACHE_DIR', async () => {
    const manifest = join(dir, 'models.json');
    const models = [
      {
        id: 'remote-blend',
        kind: 'vfi',
        url: server.url('/blend.onnx'),
        sha256: sha256(VFI),
        licence: 'test',
      },
    ];
    await writeFile(manifest, JSON.stringify({ models }));
    const { config, run } = await machine({ MODELS_MANIFEST: manifest });
    const listed = await run('list');
    assert.match(listed.text, /^remote-blend +vfi +url +test/m);
    const pulled = await run('pull', 'remote-blend');
    assert.equal(pulled.code, 0, pulled.text);
    assert.deepEqual(await readdir(config.MODELS_CACHE_DIR), [`remote-blend-${sha256(VFI)}.onnx`]);
    const unknown = await run('pull', 'nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.text, /^MODEL_NOT_FOUND: no model 'nope'/);
    assert.equal((await run('frobnicate')).code, 2);
  });
});
