import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '@remaster/sdk';
import { duration, progressLine, progressWriter } from './progress-line.js';

const job = (status: Job['status'], progress: Partial<Job['progress']>): Job => ({
  id: 'job_1',
  status,
  createdAt: '',
  updatedAt: '',
  input: { url: 'u' },
  progress: { percent: 0, framesDone: 0, chunksDone: 0, ...progress },
});

test('a progress line has the bar, frames, chunks, fps and ETA', () => {
  const running = job('processing', {
    ...{ percent: 38, framesDone: 120, framesTotal: 300, chunksDone: 2, chunksTotal: 5 },
    ...{ fps: 24.46, etaSeconds: 7.4 },
  });
  assert.equal(
    progressLine(running),
    'processing [#########---------------]  38%  frames 120/300  chunks 2/5  24.5 fps  ETA 0:07',
  );
  assert.equal(progressLine(job('queued', {})), 'queued     [------------------------]   0%');
  assert.deepEqual([duration(7), duration(65), duration(3725)], ['0:07', '1:05', '1:02:05']);
});

test('on a terminal the line is redrawn in place; in a pipe, a line per status and 10 %', () => {
  const written: string[] = [];
  const sink = (isTTY: boolean) =>
    Object.assign({ isTTY, write: (s: string) => written.push(s) > 0 }) as never;
  const tty = progressWriter(sink(true));
  tty.update(job('processing', { percent: 10 }));
  tty.update(job('processing', { percent: 11 }));
  tty.done();
  assert.equal(written.length, 3);
  assert.ok(written[0]!.startsWith('\rprocessing') && written[0]!.endsWith('\x1b[K'));
  assert.equal(written[2], '\n');

  written.length = 0;
  const pipe = progressWriter(sink(false));
  for (const percent of [0, 5, 12, 19, 25]) pipe.update(job('processing', { percent }));
  pipe.update(job('completed', { percent: 100 }));
  assert.deepEqual(
    written.map((line) => line.split(']')[1]!.trim()),
    ['0%', '12%', '25%', '100%'],
  );
});
