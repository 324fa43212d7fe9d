import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TerminalFailure } from './failure.js';
import { nameUrls, nameUrlsIn } from './name-urls.js';

const signed =
  'http://127.0.0.1:9000/media/in/clip.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=k%2F20250101&X-Amz-Signature=abc123';
const names = [{ internal: signed, shown: 's3://media/in/clip.mp4' }];

test('a presigned URL, whole, redacted to ?… or bare, is named by the URL the user gave', () => {
  for (const echoed of [signed, 'http://127.0.0.1:9000/media/in/clip.mp4?…'])
    assert.equal(
      nameUrls(`input could not be read: ${echoed}: Invalid data found`, names),
      'input could not be read: s3://media/in/clip.mp4: Invalid data found',
    );
  assert.equal(
    nameUrls('GET http://127.0.0.1:9000/media/in/clip.mp4 failed', names),
    'GET s3://media/in/clip.mp4 failed',
  );
});

test('a signature of a URL not named is dropped all the same', () => {
  const other = 'http://127.0.0.1:9000/media/jobs/j/x.mkv?X-Amz-Signature=abc&X-Amz-Date=1';
  const text = nameUrls(`${other}: End of file`, names);
  assert.equal(text, 'http://127.0.0.1:9000/media/jobs/j/x.mkv: End of file');
});

test('an error keeps its class and code; only its message changes', () => {
  const error = nameUrlsIn(new TerminalFailure('INPUT_UNREADABLE', `bad: ${signed}`), names);
  assert.ok(error instanceof TerminalFailure);
  assert.equal(error.code, 'INPUT_UNREADABLE');
  assert.equal(error.message, 'bad: s3://media/in/clip.mp4');
});
