import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalog, queuesServedBy } from './catalog.js';
import { CONSUMER_ROLES } from './define-queue.js';
import { checkRoleHandlers, handler } from './role-handlers.js';

const noop = { concurrency: 1, handle: async () => undefined };

test('every queue of the catalog belongs to exactly one consuming role', () => {
  const served = CONSUMER_ROLES.flatMap((role) => queuesServedBy(role).map((q) => q.name));
  assert.deepEqual(
    served.sort(),
    Object.values(catalog)
      .map((q) => q.name)
      .sort(),
  );
  assert.deepEqual(
    queuesServedBy('webhook').map((q) => q.name),
    ['webhook'],
  );
  assert.deepEqual(
    queuesServedBy('planner').map((q) => q.name),
    ['plan', 'quote'],
  );
});

test('a role with one handler per queue it serves starts', () => {
  assert.doesNotThrow(() => checkRoleHandlers('worker', [handler(catalog.chunk, noop)]));
});

test('a role refuses to start when a queue it serves has no handler', () => {
  assert.throws(
    () => checkRoleHandlers('stitcher', []),
    /the stitcher role cannot start: queue "stitch" has no handler/,
  );
});

test('a role refuses to start when a queue has two handlers', () => {
  const twice = [handler(catalog.plan, noop), handler(catalog.plan, noop)];
  assert.throws(
    () => checkRoleHandlers('planner', twice),
    /queue "plan" has 2 handlers; give it one/,
  );
});

test("a role refuses to start with a handler for another role's queue", () => {
  const handlers = [handler(catalog.chunk, noop), handler(catalog.webhook, noop)];
  assert.throws(
    () => checkRoleHandlers('worker', handlers),
    /queue "webhook" belongs to the webhook role, not to this one/,
  );
});

test('the dedupe ids are deterministic per job and chunk', () => {
  assert.equal(catalog.chunk.dedupeId({ jobId: 'job_1', index: 3 }), 'job_1-chunk-3');
  assert.equal(catalog.plan.dedupeId({ jobId: 'job_1' }), 'job_1-plan');
  assert.equal(catalog.stitch.dedupeId({ jobId: 'job_1' }), 'job_1-stitch');
  assert.equal(catalog.quote.dedupeId({ quoteId: 'quote_1' }), 'quote_1');
});

test('every consuming role of the registry serves a queue of the catalog', () => {
  for (const role of CONSUMER_ROLES)
    assert.ok(queuesServedBy(role).length > 0, `${role} consumes no queue of the catalog`);
});
