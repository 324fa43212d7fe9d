import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countGpus, nvidiaSmiTarget, parseGpuList, parseGpuQuery, queryGpu } from './nvidia-smi.js';

test('parses the name and memory of a GPU, with or without units', () => {
  assert.deepEqual(parseGpuQuery('NVIDIA H100 80GB HBM3, 81559\n'), {
    name: 'NVIDIA H100 80GB HBM3',
    memoryMb: 81559,
  });
  assert.deepEqual(parseGpuQuery('NVIDIA GeForce RTX 4090, 24564 MiB\n'), {
    name: 'NVIDIA GeForce RTX 4090',
    memoryMb: 24564,
  });
  assert.equal(parseGpuQuery('No devices were found\n'), undefined);
});

test('counts the GPUs of nvidia-smi -L', () => {
  const list = [
    'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-5f0c)',
    'GPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-77aa)',
    '  MIG 1g.10gb Device 0: (UUID: MIG-1234)',
    '',
  ].join('\n');
  assert.equal(parseGpuList(list), 2);
  assert.equal(parseGpuList(''), 0);
});

test('maps a CUDA ordinal back to the device nvidia-smi knows', () => {
  assert.equal(nvidiaSmiTarget(1), '1');
  assert.equal(nvidiaSmiTarget(1, '2,3'), '3');
  assert.equal(nvidiaSmiTarget(0, 'GPU-5f0c'), 'GPU-5f0c');
});

test('queryGpu asks nvidia-smi for the right device; no nvidia-smi means no GPU', async () => {
  const calls: string[][] = [];
  const gpu = await queryGpu(1, {
    cudaVisibleDevices: '4,6',
    nvidiaSmi: (args) => {
      calls.push([...args]);
      return Promise.resolve('NVIDIA L4, 23034\n');
    },
  });
  assert.deepEqual(calls, [
    ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits', '-i', '6'],
  ]);
  assert.deepEqual(gpu, { id: 1, name: 'NVIDIA L4', memoryMb: 23034 });
  const missing = () => Promise.reject(new Error('spawn nvidia-smi ENOENT'));
  assert.equal(await queryGpu(0, { nvidiaSmi: missing }), null);
  assert.equal(await countGpus(missing), 0);
});
