import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '@remaster/config';
import { QUEUES } from '@remaster/jobs';
import { Queue, QueueKeys } from 'bullmq';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from './repo-root.js';

const root = repoRoot();
const prefix = loadConfig({}).QUEUE_PREFIX;

/** The part of a key Redis Cluster hashes: the first non-empty `{…}`, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

test('every BullMQ key of every queue shares one Redis Cluster hash slot', () => {
  assert.equal(prefix, '{remaster}');
  const keys = Object.values(QUEUES).flatMap((queue) =>
    Object.values(new QueueKeys(prefix).getKeys(queue)),
  );
  assert.ok(keys.length >= 4 * 19, `${keys.length} keys`);
  for (const key of keys) assert.equal(hashTag(key), 'remaster', key);
  assert.notEqual(hashTag('bull:chunk:wait'), hashTag('bull:plan:wait'), 'the check can fail');
});

test('compose and Kubernetes use the configured queue prefix', () => {
  const configMap = parse(readFileSync(join(root, 'infra/k8s/configmap.yaml'), 'utf8')) as {
    data: Record<string, string>;
  };
  assert.equal(configMap.data.QUEUE_PREFIX, prefix);
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, { environment?: Record<string, string> }> };
  assert.equal(compose.services.worker?.environment?.QUEUE_PREFIX, prefix);
});

test('the autoscaler counts chunks waiting, prioritized and active, from a metric the API exports', () => {
  const [scaledObject] = parseAllDocuments(
    readFileSync(join(root, 'infra/k8s/keda-scaledobject.yaml'), 'utf8'),
  ).map((doc) => doc.toJS() as { spec: { triggers: Array<{ metadata: { query: string } }> } });
  const query = scaledObject!.spec.triggers[0]!.metadata.query;
  const match = /^sum\(max by \(state\) \((\w+)\{queue="(\w+)",state=~"([\w|-]+)"\}\)\)$/.exec(
    query,
  );
  assert.ok(match, query);
  const [, metric, queue, states] = match;
  assert.equal(queue, QUEUES.chunk);
  // The state labels are BullMQ's job-count types (Queue.getJobCounts() with no argument).
  const countTypes = (
    Queue.prototype as unknown as { sanitizeJobTypes(types?: string[]): string[] }
  ).sanitizeJobTypes();
  assert.deepEqual(states!.split('|').sort(), ['active', 'prioritized', 'waiting']);
  for (const state of states!.split('|')) assert.ok(countTypes.includes(state), state);
  const metricsDir = join(root, 'apps/api/src/metrics');
  const sources = readdirSync(metricsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(metricsDir, f), 'utf8'))
    .join('\n');
  assert.ok(sources.includes(`'${metric!}'`), `the API exports ${metric!}`);
});
