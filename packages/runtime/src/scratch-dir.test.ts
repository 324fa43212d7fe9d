import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createScratchDir, deadScratchDirs, scratchDirName } from './scratch-dir.js';

test('deadScratchDirs: only this host’s folders whose process is gone', () => {
  const names = [
    scratchDirName('box', 10),
    scratchDirName('box', 11),
    scratchDirName('other-box', 12),
    'remaster-e2e-abc',
    'unrelated',
  ];
  assert.deepEqual(
    deadScratchDirs(names, 'box', (pid) => pid === 11),
    ['remaster-scratch-box-10'],
  );
});

test('createScratchDir removes the folder of a killed process and keeps a live one', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'remaster-scratch-test-'));
  try {
    // A real process that is dead by now: its pid is not running.
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.once('exit', resolve));
    const dead = join(tmp, scratchDirName(hostname(), child.pid!));
    const live = join(tmp, scratchDirName(hostname(), process.ppid));
    for (const dir of [dead, live]) {
      await mkdir(dir);
      await writeFile(join(dir, 'segment.mp4'), 'partial');
    }
    const scratch = await createScratchDir(tmp);
    assert.deepEqual(scratch.swept, [scratchDirName(hostname(), child.pid!)]);
    assert.deepEqual(
      (await readdir(tmp)).sort(),
      [scratchDirName(hostname(), process.ppid), scratchDirName(hostname(), process.pid)].sort(),
    );
    await scratch.remove();
    assert.deepEqual(await readdir(tmp), [scratchDirName(hostname(), process.ppid)]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
