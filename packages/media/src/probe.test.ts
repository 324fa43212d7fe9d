// Real ffprobe on inputs that must be refused, with messages that say why.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { countVideoFrames } from './count-frames.js';
import { MediaError } from './media-error.js';
import { buildProbeArgs, classifyProbeFailure, probeMedia } from './probe.js';
import { runProcess } from './run-process.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'remaster-probe-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function mediaError(promise: Promise<unknown>): Promise<MediaError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MediaError, `expected a MediaError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a MediaError');
}

describe('probeMedia', () => {
  it('builds the ffprobe arguments', () => {
    assert.deepEqual(buildProbeArgs('/in.mp4'), [
      ...['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'],
      ...['-count_packets', '/in.mp4'],
    ]);
  });

  it('refuses a file that is not media, with ffprobe’s reason', async () => {
    const path = join(dir, 'notes.mp4');
    await writeFile(path, 'these are not video frames\n'.repeat(100));
    const error = await mediaError(probeMedia(path));
    assert.equal(error.code, 'INPUT_UNREADABLE');
    assert.match(error.message, /check the file: .*Invalid data found when processing input/s);
  });

  it('refuses a missing file', async () => {
    const error = await mediaError(probeMedia(join(dir, 'missing.mp4')));
    assert.equal(error.code, 'INPUT_NOT_FOUND');
    assert.match(error.message, /No such file or directory/);
  });

  it('keeps a signed URL’s query out of the message', async () => {
    // Port 9 on loopback refuses at once.
    const url = 'http://127.0.0.1:9/in.mp4?X-Amz-Signature=secret';
    const error = await mediaError(probeMedia(url, { timeoutMs: 10_000 }));
    assert.equal(error.code, 'INPUT_UNREACHABLE');
    assert.match(error.message, /http:\/\/127\.0\.0\.1:9\/in\.mp4\?…/);
    assert.doesNotMatch(error.message, /secret/);
  });

  it('refuses audio without video, and countVideoFrames says so too', async () => {
    const path = join(dir, 'tone.m4a');
    const tone = ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'aac'];
    await runProcess({ command: 'ffmpeg', args: [...tone, '-y', path] });
    assert.equal((await mediaError(probeMedia(path))).code, 'INPUT_NOT_VIDEO');
    assert.equal((await mediaError(countVideoFrames(path))).code, 'INPUT_NOT_VIDEO');
  });
});

test('classifies probe failures: missing, unreachable, not media', () => {
  assert.equal(
    classifyProbeFailure('https://x/a.mp4?…: Server returned 404 Not Found'),
    'INPUT_NOT_FOUND',
  );
  assert.equal(
    classifyProbeFailure('Connection to tcp://127.0.0.1:9 failed: Connection refused'),
    'INPUT_UNREACHABLE',
  );
  assert.equal(
    classifyProbeFailure('https://x/a.mp4: Server returned 503 Service Unavailable'),
    'INPUT_UNREACHABLE',
  );
  assert.equal(
    classifyProbeFailure('a.mp4: Invalid data found when processing input'),
    'INPUT_UNREADABLE',
  );
});
