// Small valid chunk and stitch payloads for tests: `chunks` chunks of 2 frames of 8×8.
import type { ChunkPayload, StitchPayload } from '../payloads.js';

/** Chunk `index` of a job cut into `chunks` chunks of 2 source (and output) frames. */
export function chunkFixture(jobId: string, index: number, chunks = 2): ChunkPayload {
  return {
    jobId,
    index,
    inputUrl: 's3://b/k',
    sourceWidth: 8,
    sourceHeight: 8,
    sourceFrames: 2 * chunks,
    sourceFps: { num: 25, den: 1 },
    targetFps: { num: 25, den: 1 },
    sourceStart: index * 2,
    sourceEnd: index * 2 + 2,
    decodeEnd: index * 2 + 2,
    outputStart: index * 2,
    outputEnd: index * 2 + 2,
    cutsAfter: [],
    output: { codec: 'h264', crf: 18, width: 8, height: 8 },
    colour: {
      matrix: 'bt601',
      range: 'tv',
      tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
    },
  };
}

/** The stitch of the same job. */
export function stitchFixture(jobId: string, chunks = 2): StitchPayload {
  return {
    jobId,
    inputUrl: 's3://b/k',
    chunkCount: chunks,
    outputFrames: 2 * chunks,
    width: 8,
    height: 8,
    fps: { num: 25, den: 1 },
    container: 'mp4',
    source: { videoOffsetSeconds: 0, subtitleCodecs: [] },
  };
}

/** The render flow of a planned job as the planner records it with the plan. */
export function renderFixture(jobId: string, chunks = 2) {
  return {
    kind: 'render' as const,
    stitch: stitchFixture(jobId, chunks),
    chunks: Array.from({ length: chunks }, (_, index) => chunkFixture(jobId, index, chunks)),
  };
}

/** What the planner records of the source and the plan (the store keeps them as given). */
export const planFixture = {
  source: {
    width: 8,
    height: 8,
    fps: '25',
    frames: 4,
    durationSeconds: 0.16,
    hasAudio: false,
    videoCodec: 'h264',
  },
  plan: { chunksTotal: 2, framesTotal: 4, width: 8, height: 8, fps: '25' },
};
