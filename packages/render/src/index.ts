export type { FrameConverter, FrameModels, FusedModel } from './frame-models.js';
export { FrameRenderer } from './frame-renderer.js';
export type { FrameRendererOptions, FusedModels } from './frame-renderer.js';
export { MIN_TILE_SIZE, isOutOfMemory, smallerTileSize } from './out-of-memory.js';
export { renderChunk } from './render-chunk.js';
export type { RenderChunkDeps, RenderedSegment } from './render-chunk.js';
