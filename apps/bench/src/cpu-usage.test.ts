import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcessCpuSeconds, processCpuSeconds } from './cpu-usage.js';

test('CPU seconds are utime + stime + cutime + cstime, whatever the command name holds', () => {
  const stat = '4242 (node worker) x) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 30 20 20 0 11';
  assert.equal(parseProcessCpuSeconds(stat), 3.5);
});

test('this process has used some CPU; a process that is gone has used none', async () => {
  const until = Date.now() + 50;
  while (Date.now() < until); // burn a little CPU
  assert.ok((await processCpuSeconds(process.pid)) > 0);
  assert.equal(await processCpuSeconds(2 ** 22 + 1), 0);
});
