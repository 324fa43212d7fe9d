import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobPrefix, outputKey, segmentKey, segmentPrefix } from './object-keys.js';

test('segment keys are zero-padded to six digits under the job prefix', () => {
  assert.equal(segmentKey('job-1', 0), 'jobs/job-1/segments/000000.mp4');
  assert.equal(segmentKey('job-1', 42), 'jobs/job-1/segments/000042.mp4');
  assert.equal(segmentKey('job-1', 1_234_567), 'jobs/job-1/segments/1234567.mp4');
});

test('the same job and chunk always give the same key, so a retry overwrites', () => {
  assert.equal(segmentKey('j', 7), segmentKey('j', 7));
  assert.notEqual(segmentKey('j', 7), segmentKey('j', 8));
});

test('segment keys sort in chunk order as strings', () => {
  const keys = [10, 2, 100, 1].map((i) => segmentKey('j', i));
  assert.deepEqual(
    [...keys].sort(),
    [1, 2, 10, 100].map((i) => segmentKey('j', i)),
  );
});

test('segments live under the segment prefix, which lives under the job prefix', () => {
  assert.equal(jobPrefix('j'), 'jobs/j/');
  assert.equal(segmentPrefix('j'), 'jobs/j/segments/');
  assert.ok(segmentKey('j', 3).startsWith(segmentPrefix('j')));
  assert.ok(segmentPrefix('j').startsWith(jobPrefix('j')));
});

test('the output key carries the container as its extension', () => {
  assert.equal(outputKey('j', 'mkv'), 'jobs/j/output.mkv');
  assert.ok(!outputKey('j', 'mp4').startsWith(segmentPrefix('j')));
});

test('rejects ids and indexes that would make ambiguous keys', () => {
  assert.throws(() => segmentKey('a/b', 0), /job id must be non-empty and contain no "\/"/);
  assert.throws(() => segmentKey('', 0), /job id must be non-empty/);
  assert.throws(() => segmentKey('j', -1), /non-negative integer/);
  assert.throws(() => segmentKey('j', 1.5), /non-negative integer/);
  assert.throws(() => outputKey('j', '.mp4'), /file extension like "mp4"/);
});
