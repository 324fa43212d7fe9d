// The built `remaster` command against the real stack (launcher, redis-server, S3,
// ffmpeg). Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { probeMedia } from '@remaster/media';
import { makeClip } from '@remaster/testing';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

// The built `remaster` command (apps/cli), run as a process.
const CLI = fileURLToPath(import.meta.resolve('@remaster/cli/main'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('remaster CLI against the real stack', () => {
  let stack: Stack;
  let clip: string;
  let jobId: string;

  const remaster = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: {
            ...process.env,
            REMASTER_API_URL: stack.url,
            REMASTER_API_KEY: stack.apiKey,
            ...env,
          },
        },
        (error, stdout, stderr) => resolve({ code: child.exitCode ?? 1, stdout, stderr }),
      );
    });

  before(async () => {
    await access(CLI).catch(() => assert.fail(`${CLI} is missing: run pnpm build first`));
    stack = await startStack();
    clip = join(stack.dir, 'clip.mp4');
    await makeClip({ path: clip, width: 64, height: 48, fps: 25, frames: 24 });
  });
  after(() => stack?.stop());

  test('submit uploads, follows progress, downloads the result at the asked size and rate', async () => {
    const out = join(stack.dir, 'restored.mp4');
    const args = ['submit', clip, '--upscale', '2', '--fps', '50', '--chunk', '8'];
    const run = await remaster([...args, '--wait', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`^uploading ${clip}$`, 'm'));
    const id = /^submitted (job_\S+)$/m.exec(run.stderr)?.[1];
    assert.ok(id, run.stderr);
    jobId = id;
    // stderr is a pipe here: plain progress lines, the last one complete.
    assert.match(run.stderr, /^completed +\[#{24}\] 100% {2}frames \d+\/\d+ {2}chunks 3\/3/m);
    assert.ok(!run.stderr.includes('\r') && !run.stderr.includes('\x1b['), 'no terminal codes');
    assert.match(run.stderr, new RegExp(`^downloaded ${out}$`, 'm'));
    assert.match(run.stdout, new RegExp(`^${id}  completed  100%`));
    assert.match(run.stdout, /output {3}128x96 {2}50 fps {2}48 frames {2}mp4/);

    const probed = await probeMedia(out);
    assert.deepEqual([probed.width, probed.height, probed.frames], [128, 96, 48]);
    assert.equal(probed.fps.num / probed.fps.den, 50);
    assert.equal((await stat(out)).size > 0, true);
  });

  test('status, jobs and models print what the API answers', async () => {
    const status = await remaster(['status', jobId, '--json']);
    assert.equal(status.code, 0, status.stderr);
    const job = JSON.parse(status.stdout);
    assert.deepEqual([job.id, job.status, job.output.width], [jobId, 'completed', 128]);

    const text = await remaster(['status', jobId]);
    assert.match(
      text.stdout,
      /^ {2}models {3}upscale bicubic-x2 \(built-in\) {2}interpolate mci \(built-in\)$/m,
    );

    const jobs = await remaster(['jobs']);
    assert.equal(jobs.code, 0, jobs.stderr);
    assert.match(jobs.stdout, /^ID +STATUS +DONE +CREATED +INPUT$/m);
    assert.match(jobs.stdout, new RegExp(`^${jobId} +completed +100%`, 'm'));
    assert.equal((await remaster(['jobs', '--status', 'failed'])).stdout, 'no jobs\n');

    const models = await remaster(['models', '--json']);
    assert.equal(models.code, 0, models.stderr);
    const ids = (JSON.parse(models.stdout) as { id: string }[]).map((m) => m.id);
    assert.ok(ids.includes('bicubic-x2') && ids.includes('blend'), ids.join(','));
  });

  test('quote uploads and predicts the job without running it', async () => {
    const run = await remaster(['quote', clip, '--upscale', '2', '--fps', '50', '--chunk', '8']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^output {3}128x96 {2}50 fps {2}48 frames {2}3 chunks {2}~/m);
    assert.match(run.stdout, /^speed .+ for sr:bicubic-x2\+vfi:mci \((measured|estimate)\)$/m);
  });

  test('mistakes exit 1 with a message that says what to do', async () => {
    const cancel = await remaster(['cancel', jobId]);
    assert.equal(cancel.code, 1);
    assert.match(cancel.stderr, /^remaster: .+ \[JOB_FINISHED, HTTP 409\]\n$/);

    const missing = await remaster(['status', 'job_nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /\[NOT_FOUND, HTTP 404\]/);

    const wrongKey = await remaster(['jobs'], { REMASTER_API_KEY: 'wrong' });
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /UNAUTHORIZED.*check --key or REMASTER_API_KEY/);

    const noKey = await remaster(['jobs'], { REMASTER_API_KEY: '' });
    assert.match(noKey.stderr, /no API key: pass --key KEY or set REMASTER_API_KEY/);

    const nothing = await remaster(['submit', clip]);
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /nothing to do: give --upscale/);

    const noFile = await remaster(['submit', join(stack.dir, 'nope.mp4'), '--upscale', '2']);
    assert.equal(noFile.code, 1);
    assert.match(
      noFile.stderr,
      /no such file .*give an existing file or an s3:\/\/ or https:\/\/ URL/,
    );

    const flag = await remaster(['jobs', '--frobnicate']);
    assert.equal(flag.code, 1);
    assert.match(flag.stderr, /Unknown option '--frobnicate'/);
  });
});
