import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchSettingsError, loadBenchSettings } from './bench-settings.js';

test('defaults when neither a flag nor a variable is given', () => {
  assert.deepEqual(loadBenchSettings('scale', { argv: [], env: {} }), {
    workers: [1, 2, 4, 8, 16, 32],
    frames: 1536,
    chunk: 24,
    ms: 100,
    size: [64, 36],
    noSubmissions: false,
    seconds: 15,
    concurrency: 64,
  });
  assert.deepEqual(loadBenchSettings('chaos', { argv: [], env: {} }), {
    jobs: 8,
    workers: 3,
    seconds: 300,
    killEveryMs: 8000,
    appendfsync: 'always',
    logLevel: 'fatal',
    s3FaultPercent: 10,
    s3StallMs: 3000,
    seed: 1,
    stuckGraceMs: 20_000,
  });
  assert.deepEqual(loadBenchSettings('gpuCheck', { argv: [], env: {} }), {
    deviceId: 0,
    frames: 8,
    modelsDir: undefined,
  });
  assert.throws(
    () => loadBenchSettings('chaos', { argv: ['--s3-fault-percent', '101'], env: {} }),
    /--s3-fault-percent or CHAOS_S3_FAULT_PERCENT/,
  );
  assert.deepEqual(loadBenchSettings('memory', { argv: [], env: {} }), {
    shortSeconds: 10,
    longSeconds: 120,
    oneChunk: true,
  });
});

test('flags are parsed into their types', () => {
  const settings = loadBenchSettings('scale', {
    argv: ['--workers', '1,4,16', '--frames', '768', '--size', '320x180', '--no-submissions'],
    env: {},
  });
  assert.deepEqual(settings.workers, [1, 4, 16]);
  assert.equal(settings.frames, 768);
  assert.deepEqual(settings.size, [320, 180]);
  assert.equal(settings.noSubmissions, true);
  assert.equal(loadBenchSettings('inference', { argv: ['--mci-only'], env: {} }).mciOnly, true);
});

test('variables are read, and a flag wins over its variable', () => {
  const env = { CHAOS_JOBS: '2', CHAOS_APPENDFSYNC: 'everysec', MEMORY_ONE_CHUNK: '0' };
  assert.equal(loadBenchSettings('chaos', { argv: [], env }).jobs, 2);
  assert.equal(loadBenchSettings('chaos', { argv: [], env }).appendfsync, 'everysec');
  assert.equal(loadBenchSettings('chaos', { argv: ['--jobs', '5'], env }).jobs, 5);
  assert.equal(loadBenchSettings('memory', { argv: [], env }).oneChunk, false);
  assert.equal(loadBenchSettings('overhead', { argv: [], env: { BENCH_ROUNDS: '7' } }).rounds, 7);
});

test('a bad value names the flag, the variable, what it expects and what it got', () => {
  assert.throws(
    () => loadBenchSettings('chaos', { argv: ['--jobs', 'many'], env: {} }),
    (error: unknown) =>
      error instanceof BenchSettingsError &&
      error.message ===
        'bad settings for the chaos bench: --jobs or CHAOS_JOBS: expected a whole number, got "many"',
  );
  assert.throws(
    () => loadBenchSettings('scale', { argv: ['--size', '64'], env: {} }),
    /--size: expected WIDTHxHEIGHT, e\.g\. 64x36, got "64"/,
  );
  assert.throws(
    () => loadBenchSettings('chaos', { argv: [], env: { CHAOS_APPENDFSYNC: 'no' } }),
    /--appendfsync or CHAOS_APPENDFSYNC: expected always or everysec, got "no"/,
  );
  assert.throws(
    () => loadBenchSettings('scale', { argv: ['--workers', '0,2'], env: {} }),
    /--workers: .*got "0,2"/,
  );
});

test('an unknown flag or a stray argument lists the flags the bench takes', () => {
  assert.throws(
    () => loadBenchSettings('overhead', { argv: ['--round', '3'], env: {} }),
    (error: unknown) =>
      error instanceof BenchSettingsError &&
      error.message.includes("'--round'") &&
      error.message.endsWith('the overhead bench takes --rounds, --chunk, --frames'),
  );
  assert.throws(
    () => loadBenchSettings('quality', { argv: ['mci'], env: {} }),
    /the quality bench takes no flags/,
  );
});

test('the film bench: a two-hour film at 4 and 16 workers by default; flags win', () => {
  assert.deepEqual(loadBenchSettings('film', { argv: [], env: {} }), {
    frames: 172_800,
    chunk: 240,
    workers: [4, 16],
    ms: 1,
    size: [160, 90],
    baselineChunks: 10,
    cancel: true,
    pollMs: 1000,
  });
  const small = loadBenchSettings('film', {
    argv: ['--frames', '24000', '--workers', '4', '--cancel', 'false'],
    env: { BENCH_FRAMES: '2400' },
  });
  assert.deepEqual([small.frames, small.workers, small.cancel], [24_000, [4], false]);
});
