import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JOB_STATUSES, STATUS_RANKS, TERMINAL_STATUSES, luaStatusRanks } from './job-status.js';

test('the Lua transition script gets its rank table from the TypeScript one', () => {
  assert.deepEqual(luaStatusRanks(), {
    table:
      '{ queued = 0, planning = 1, processing = 2, stitching = 3, completed = 4, failed = 4, canceled = 4 }',
    terminal: 4,
  });
  assert.deepEqual(TERMINAL_STATUSES, ['completed', 'failed', 'canceled']);
  // Ranks follow the lifecycle order of JOB_STATUSES.
  const ranks = JOB_STATUSES.map((status) => STATUS_RANKS[status]);
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => a - b),
  );
});
