import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessError } from './process-error.js';
import { runProcess } from './run-process.js';
import { spawnPiped } from './spawn-piped.js';

/** Runs a Node one-liner as the child, so these tests need nothing installed. */
function node(script: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', script] };
}

async function processError(promise: Promise<unknown>): Promise<ProcessError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ProcessError, `expected a ProcessError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ProcessError');
}

describe('runProcess', () => {
  it('feeds stdin and collects stdout and stderr', async () => {
    const script = 'process.stdin.pipe(process.stdout); process.stderr.write("note")';
    const result = await runProcess({ ...node(script), stdin: 'frame data' });
    assert.equal(result.stdout.toString(), 'frame data');
    assert.equal(result.stderr, 'note');
    assert.equal(result.code, 0);
  });

  it('rejects a non-zero exit with the command and stderr tail', async () => {
    const error = await processError(
      runProcess(node('process.stderr.write("Invalid data found"); process.exit(3)')),
    );
    assert.equal(error.code, 'PROCESS_FAILED');
    assert.equal(error.exitCode, 3);
    assert.equal(error.stderrTail, 'Invalid data found');
    assert.match(error.message, /^node exited with code 3: Invalid data found$/);
  });

  it('keeps only the end of a huge stderr', async () => {
    const script =
      'for (let i = 0; i < 20000; i++) process.stderr.write(`line ${i} ` + "x".repeat(50) + "\\n");' +
      'process.stderr.write("last words", () => process.exit(1))';
    const error = await processError(runProcess(node(script)));
    assert.ok(error.stderrTail.length <= 2048, `tail has ${error.stderrTail.length} chars`);
    assert.match(error.stderrTail, /^line \d+ x+\n/);
    assert.match(error.stderrTail, /last words$/);
  });

  it('says how to install a missing ffmpeg', async () => {
    const error = await processError(runProcess({ command: '/nonexistent/bin/ffmpeg', args: [] }));
    assert.equal(error.code, 'PROCESS_NOT_FOUND');
    assert.equal(error.message, 'ffmpeg not found: install it with apt-get install ffmpeg');
  });

  it('kills a child that runs past its timeout', async () => {
    const started = Date.now();
    const error = await processError(
      runProcess({ ...node('setTimeout(() => {}, 60000)'), timeoutMs: 200 }),
    );
    assert.equal(error.code, 'PROCESS_TIMEOUT');
    assert.match(error.message, /timed out after 200 ms/);
    assert.ok(Date.now() - started < 5000);
  });

  it('rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    const running = runProcess({
      ...node('setTimeout(() => {}, 60000)'),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('job cancelled')), 100);
    await assert.rejects(running, /job cancelled/);
    await assert.rejects(
      runProcess({ ...node(''), signal: AbortSignal.abort(new Error('before start')) }),
      /before start/,
    );
  });
});

describe('spawnPiped', () => {
  it('streams stdout and resolves done on exit 0', async () => {
    const child = spawnPiped(node('process.stdin.pipe(process.stdout)'));
    child.stdin.end('abc');
    const chunks: Buffer[] = [];
    for await (const chunk of child.stdout) chunks.push(chunk as Buffer);
    await child.done;
    assert.equal(Buffer.concat(chunks).toString(), 'abc');
  });

  it('kill() stops the child and done rejects with PROCESS_KILLED, never unhandled', async () => {
    const child = spawnPiped(node('setTimeout(() => {}, 60000)'));
    child.kill();
    child.kill();
    const error = await processError(child.done);
    assert.equal(error.code, 'PROCESS_KILLED');
    // A second child killed without anyone awaiting done: the test run would fail on an
    // unhandled rejection.
    const orphan = spawnPiped(node('setTimeout(() => {}, 60000)'));
    orphan.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('survives writes to a child that already exited', async () => {
    const child = spawnPiped(node('process.exit(2)'));
    const error = await processError(child.done);
    assert.equal(error.exitCode, 2);
    child.stdin.write(Buffer.alloc(1 << 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
});
