export { countGpus, parseGpuList, queryGpu } from './nvidia-smi.js';
export type { NvidiaSmi } from './nvidia-smi.js';
// For apps/bench: the chunk path measured against ffmpeg alone.
export { FrameRenderer } from './frame-renderer.js';
export type { FrameRendererOptions, FusedModels } from './frame-renderer.js';
export { renderChunk } from './render-chunk.js';
export type { RenderChunkDeps, RenderedSegment } from './render-chunk.js';
