import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_TILE_SIZE, isOutOfMemory, smallerTileSize } from './out-of-memory.js';

test('recognises onnxruntime out-of-memory messages on CPU and GPU, and nothing else', () => {
  const oom = [
    "Non-zero status code returned while running Conv node. Name:'Conv_3' Status Message: /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:376 void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool, onnxruntime::Stream*, bool, onnxruntime::WaitNotificationFn) Failed to allocate memory for requested buffer of size 4585490524",
    'CUDA failure 2: out of memory ; GPU=0 ; hostname=gpu1 ; expr=cudaMalloc((void**)&p, size);',
    'CUDA error cudaErrorMemoryAllocation:out of memory',
    'CUBLAS failure 3: CUBLAS_STATUS_ALLOC_FAILED',
    'CUDNN failure 4: CUDNN_STATUS_ALLOC_FAILED',
    'std::bad_alloc',
  ];
  for (const message of oom) assert.equal(isOutOfMemory(new Error(message)), true, message);
  const other = [
    'ffmpeg exited with code 1: Invalid data found when processing input',
    'Got invalid dimensions for input: input for the following indices index: 1 Got: 4 Expected: 3',
    'connect ECONNREFUSED 127.0.0.1:9000',
    'CUDA failure 700: an illegal memory access was encountered',
  ];
  for (const message of other) assert.equal(isOutOfMemory(new Error(message)), false, message);
});

test('tiles halve to multiples of 8 down to the floor, then there is nothing smaller', () => {
  assert.equal(smallerTileSize(512), 256);
  assert.equal(smallerTileSize(300), 144);
  assert.equal(smallerTileSize(100), MIN_TILE_SIZE, 'never below the floor');
  assert.equal(smallerTileSize(MIN_TILE_SIZE), undefined);
  assert.equal(smallerTileSize(128, 96), 96);
  assert.equal(smallerTileSize(96, 96), undefined);
});
