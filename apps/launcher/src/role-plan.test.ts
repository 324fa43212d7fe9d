import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ROLES, ROLE_NAMES } from '@remaster/roles';
import type { RolePlanInput } from './role-plan.js';
import { needsGpuCount, planRoleProcesses } from './role-plan.js';

const base: RolePlanInput = {
  roles: ['api', 'planner', 'worker', 'stitcher', 'webhook'],
  executionProviders: 'cpu',
  gpuCount: 0,
  workerProcesses: 1,
};
const workers = (input: Partial<RolePlanInput>) =>
  planRoleProcesses({ ...base, ...input })
    .filter((launch) => launch.role === 'worker')
    .map((launch) => [launch.name, launch.env.GPU_DEVICE_ID]);

test('one process per role on CPU, with WORKER_PROCESSES workers', () => {
  assert.deepEqual(
    planRoleProcesses(base).map((launch) => launch.name),
    ['api', 'planner', 'worker', 'stitcher', 'webhook'],
  );
  assert.deepEqual(workers({ workerProcesses: 3 }), [
    ['worker#1', undefined],
    ['worker#2', undefined],
    ['worker#3', undefined],
  ]);
});

test('one worker per GPU nvidia-smi lists, each with its GPU_DEVICE_ID', () => {
  assert.deepEqual(workers({ executionProviders: 'cuda,cpu', gpuCount: 2, workerProcesses: 5 }), [
    ['worker:gpu0', '0'],
    ['worker:gpu1', '1'],
  ]);
  assert.deepEqual(workers({ executionProviders: 'TensorRT', gpuCount: 1 }), [
    ['worker:gpu0', '0'],
  ]);
});

test('GPU_IDS picks the GPUs; CUDA_VISIBLE_DEVICES is counted from 0 as CUDA does', () => {
  const gpu = { executionProviders: 'cuda', gpuCount: 8 };
  assert.deepEqual(workers({ ...gpu, gpuIds: '1, 3,3' }), [
    ['worker:gpu1', '1'],
    ['worker:gpu3', '3'],
  ]);
  assert.deepEqual(workers({ ...gpu, cudaVisibleDevices: '4,6' }), [
    ['worker:gpu0', '0'],
    ['worker:gpu1', '1'],
  ]);
});

test('with no GPU found, one worker on the configured GPU; no worker role, no worker', () => {
  assert.deepEqual(workers({ executionProviders: 'cuda', gpuCount: 0 }), [['worker', undefined]]);
  assert.deepEqual(
    planRoleProcesses({ ...base, roles: ['api'], executionProviders: 'cuda', gpuCount: 4 }).map(
      (launch) => launch.name,
    ),
    ['api'],
  );
});

test('nvidia-smi is asked only when GPU workers have no explicit GPU list', () => {
  const gpu = { ...base, executionProviders: 'cuda,cpu' };
  assert.equal(needsGpuCount(gpu), true);
  assert.equal(needsGpuCount(base), false);
  assert.equal(needsGpuCount({ ...gpu, gpuIds: '0' }), false);
  assert.equal(needsGpuCount({ ...gpu, cudaVisibleDevices: '2' }), false);
  assert.equal(needsGpuCount({ ...gpu, roles: ['api'] }), false);
});

test('every role of the registry has an entry the launcher can resolve', () => {
  for (const role of ROLE_NAMES) {
    const entry = fileURLToPath(import.meta.resolve(ROLES[role].entry));
    assert.ok(existsSync(entry), `${role}: ${ROLES[role].entry} → ${entry} (built?)`);
  }
});
