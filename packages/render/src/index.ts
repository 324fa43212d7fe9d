export type { FrameConverter, FrameModels, FusedModel } from './frame-models.js';
export { FrameRenderer } from './frame-renderer.js';
export type { FrameRendererOptions, FrameRestoreModel, FusedModels } from './frame-renderer.js';
export { restoredFrames } from './restored-frames.js';
export { MIN_TILE_SIZE, isOutOfMemory, smallerTileSize } from './out-of-memory.js';
export { renderChunk } from './render-chunk.js';
export type { RenderChunkDeps, RenderedSegment } from './render-chunk.js';
