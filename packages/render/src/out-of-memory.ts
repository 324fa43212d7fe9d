/**
 * What onnxruntime says when an allocation fails: its arena on CPU or GPU ("Failed to
 * allocate memory for requested buffer of size …" from BFCArena), CUDA itself ("CUDA
 * failure 2: out of memory", cudaErrorMemoryAllocation), cuBLAS and cuDNN workspaces,
 * TensorRT, and a C++ std::bad_alloc on the host.
 */
const OUT_OF_MEMORY =
  /Failed to allocate memory|out of memory|CUDA failure 2\b|cudaErrorMemoryAllocation|CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_ALLOC_FAILED|bad_alloc|bad allocation/i;

/** Whether a model run failed for want of memory (worth retrying with smaller tiles). */
export function isOutOfMemory(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return OUT_OF_MEMORY.test(message);
}

/** The smallest tile side a worker shrinks to before it gives the chunk up. */
export const MIN_TILE_SIZE = 64;

/**
 * The tile side to try after an out-of-memory run with tiles of `current` pixels: half of
 * it (a multiple of 8), not below `floor`; undefined once `current` is at the floor.
 */
export function smallerTileSize(current: number, floor = MIN_TILE_SIZE): number | undefined {
  if (current <= floor) return undefined;
  return Math.max(floor, Math.floor(current / 2 / 8) * 8);
}
