export { countVideoFrames, buildCountFramesArgs } from './count-frames.js';
export type { ColourPlan } from './colour.js';
export { planColour } from './colour.js';
export { CODEC_CRF, buildConcatList, buildDecodeArgs, buildEncodeArgs } from './ffmpeg-args.js';
export type {
  ConcatListOptions,
  ConcatSegment,
  DecodeArgsOptions,
  EncodeArgsOptions,
  VideoCodec,
} from './ffmpeg-args.js';
export type { Container, StitchArgsOptions, StitchSource } from './stitch-args.js';
export { buildStitchArgs, keptSubtitles } from './stitch-args.js';
export { ENCODER_REPORT_ARGS, parseEncodedFrames, readEncodedFrames } from './encoder-report.js';
export { FrameStreamError } from './frame-stream-error.js';
export type { FrameStreamErrorCode } from './frame-stream-error.js';
export { MediaError } from './media-error.js';
export type { MediaErrorCode } from './media-error.js';
export type { FrameScan } from './scene-cuts.js';
export type { FrameIndex, FrameIndexOptions } from './frame-digests.js';
export {
  buildFrameIndexArgs,
  frameDigestOutput,
  indexFrames,
  parseDigests,
  readDigests,
} from './frame-digests.js';
export type { PacketIndex } from './packet-index.js';
export { buildPacketIndexArgs, indexPackets, parsePacketIndex } from './packet-index.js';
export type { DecodeCheckInput } from './verified-frames.js';
export { DecodeCheck, FrameDigestMismatch } from './verified-frames.js';
export {
  buildSceneDetectArgs,
  detectSceneCuts,
  parseFrameScan,
  parseSceneCuts,
  scanFrames,
  sceneCutsOf,
} from './scene-cuts.js';
export { MAX_REPEAT_RUN, findRepeats } from './repeated-frames.js';
export type { FieldOrder, RestoreFilterPlan } from './restore-filter.js';
export {
  MAX_DENOISE_SIGMA,
  buildRestoreFilter,
  outputsPerFrame,
  restoreContext,
} from './restore-filter.js';
export type {
  FieldCounts,
  FieldTypeCounts,
  NoiseSampleRequest,
  RestoreAnalysis,
  RestoreAnalysisRequest,
} from './restore-analysis.js';
export { noiseSampleFrames } from './restore-analysis.js';
export type { LumaPlane } from './noise-estimate.js';
export { estimateNoiseSigma } from './noise-estimate.js';
export type { FieldClassification } from './classify-fields.js';
export { classifyFields } from './classify-fields.js';
export { chooseDecimation } from './choose-decimation.js';
export { buildMatchDiffsArgs, matchDiffs } from './match-diffs.js';
export type { GainOptions } from './apply-gain.js';
export { applyGain } from './apply-gain.js';
export type { NormaliseArgsOptions } from './normalise.js';
export { buildNormaliseArgs, normalisationReason, normalisedRate } from './normalise.js';
export { parseProbeOutput } from './parse-probe-output.js';
export {
  bitDepthOf,
  bytesPerPixel,
  isYuvFormat,
  rawFrameBytes,
  rawPixelFormat,
  sourceOutputBitDepth,
  yuvPixelFormat,
} from './pixel-format.js';
export type {
  OutputBitDepth,
  RawPixelFormat,
  RgbPixelFormat,
  YuvPipeFormat,
} from './pixel-format.js';
export type { ColourTags, SourceInfo } from './parse-probe-output.js';
export { buildProbeArgs, classifyProbeFailure, probeMedia } from './probe.js';
export type { ProbeOptions } from './probe.js';
export { ProcessError } from './process-error.js';
export type { ProcessErrorCode, ProcessErrorInit } from './process-error.js';
export type { Rational } from './rational.js';
export { FrameWriter, readAhead, readFrames, writeFrame } from './raw-frames.js';
export { runProcess } from './run-process.js';
export type { ProcessResult, RunProcessOptions } from './run-process.js';
export { SOURCE_FORMATS, sourceInputArgs } from './source-formats.js';
export { buildRawStillArgs, buildSourceStillArgs, buildStillsArgs } from './still-args.js';
export type { RawStillRequest } from './still-args.js';
export type { SourceStillRequest, StillRequest } from './still-args.js';
export { spawnPiped } from './spawn-piped.js';
export type { PipedProcess, SpawnPipedOptions } from './spawn-piped.js';
