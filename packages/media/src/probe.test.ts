// Real ffprobe on inputs that must be refused, with messages that say why.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { countVideoFrames } from './count-frames.js';
import { MediaError } from './media-error.js';
import { buildProbeArgs, classifyProbeFailure, probeMedia } from './probe.js';
import { runProcess } from './run-process.js';
import { SOURCE_FORMATS } from './source-formats.js';

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
      ...['-count_packets', '-format_whitelist', SOURCE_FORMATS.join(','), '/in.mp4'],
    ]);
  });

  it('refuses a file that is not media, with ffprobe’s reason', async () => {
    const path = join(dir, 'notes.mp4');
    await writeFile(path, 'these are not video frames\n'.repeat(100));
    const error = await mediaError(probeMedia(path));
    assert.equal(error.code, 'INPUT_UNREADABLE');
    assert.match(error.message, /check the file: .*Invalid data found when processing input/s);
  });

  it('refuses a playlist posing as a video without fetching the URLs it names (SSRF)', async () => {
    const hits: string[] = [];
    const internal = createServer((request, response) => {
      hits.push(request.url ?? '');
      response.writeHead(404).end();
    });
    await new Promise<void>((done) => internal.listen(0, '127.0.0.1', done));
    const { port } = internal.address() as AddressInfo;
    const path = join(dir, 'playlist.mp4');
    const segment = `http://127.0.0.1:${port}/latest/meta-data/segment.ts`;
    await writeFile(
      path,
      `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n${segment}\n#EXT-X-ENDLIST\n`,
    );
    try {
      const error = await mediaError(probeMedia(path, { timeoutMs: 20_000 }));
      assert.match(error.message, /not on whitelist/);
      assert.deepEqual(hits, [], 'ffprobe opened no URL named in the playlist');
    } finally {
      internal.close();
    }
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

  it('tells a clip cut in half from a file that is not media', async () => {
    const path = join(dir, 'whole.mp4');
    const args = ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=25:d=2'];
    await runProcess({ command: 'ffmpeg', args: [...args, '-pix_fmt', 'yuv420p', '-y', path] });
    const whole = await readFile(path);
    // Index at the end (ffmpeg's default): the cut loses it.
    await writeFile(join(dir, 'cut.mp4'), whole.subarray(0, whole.length >> 1));
    assert.equal((await mediaError(probeMedia(join(dir, 'cut.mp4')))).code, 'INPUT_TRUNCATED');
    // Index first (faststart): ffprobe reads fewer frames than the index lists.
    const fast = join(dir, 'fast.mp4');
    await runProcess({
      command: 'ffmpeg',
      args: ['-v', 'error', '-i', path, '-c', 'copy', '-movflags', '+faststart', '-y', fast],
    });
    const faststart = await readFile(fast);
    await writeFile(join(dir, 'fastcut.mp4'), faststart.subarray(0, faststart.length >> 1));
    assert.equal((await probeMedia(join(dir, 'fastcut.mp4'))).truncated, true);
    assert.equal((await probeMedia(path)).truncated, undefined);
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
  assert.equal(
    classifyProbeFailure(
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found\na.mp4: Invalid data',
    ),
    'INPUT_TRUNCATED',
  );
});
