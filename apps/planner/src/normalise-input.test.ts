// Real ffmpeg: a 10-bit MPEG-TS source is normalised to a 10-bit intermediate.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { probeMedia, runProcess } from '@remaster/media';
import { inputNormaliser } from './normalise-input.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'remaster-normalise-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Keeps each uploaded file under `dir`, named by its key. */
function keepingStore() {
  const kept = new Map<string, string>();
  return {
    kept,
    bucket: 'b',
    async putFile(key: string, path: string): Promise<void> {
      const copy = join(dir, key.replaceAll('/', '_'));
      await copyFile(path, copy);
      kept.set(key, copy);
    },
  };
}

async function tsClip(name: string, pixFmt: string): Promise<string> {
  const path = join(dir, name);
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=25:d=0.4'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', pixFmt, '-f', 'mpegts'],
      ...['-y', path],
    ],
  });
  return path;
}

test('a 10-bit source that must be normalised keeps 10 bits; an 8-bit one stays 8', async () => {
  for (const [pixFmt, depth] of [
    ['yuv420p10le', 10],
    ['yuv420p', 8],
  ] as const) {
    const source = await tsClip(`in-${pixFmt}.ts`, pixFmt);
    const info = await probeMedia(source);
    assert.equal(info.bitDepth, depth);
    const store = keepingStore();
    const normalised = await inputNormaliser(store, dir)(`job_${depth}`, source, info);
    assert.match(normalised?.reason ?? '', /mpegts does not seek to exact frames/);
    const [intermediate] = [...store.kept.values()];
    const out = await probeMedia(intermediate!);
    assert.deepEqual([out.pixelFormat, out.bitDepth, out.frames], [pixFmt, depth, 10]);
  }
});
