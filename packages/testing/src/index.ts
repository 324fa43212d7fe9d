export { freePort } from './free-port.js';
export { startRedis, startedServices, trackService } from './start-redis.js';
export { startRedisCluster } from './start-redis-cluster.js';
export type { RedisCluster } from './start-redis-cluster.js';
export type { RedisServer, StartRedisOptions, StartedService } from './start-redis.js';
export { startS3 } from './start-s3.js';
export type { StartedS3 } from './start-s3.js';
export { startS3FaultProxy } from './s3-fault-proxy.js';
export type {
  S3Fault,
  S3FaultCounts,
  S3FaultProxy,
  S3FaultProxyOptions,
} from './s3-fault-proxy.js';
export { barLevelsOf, makeClip, readBarLevels, readBarcode } from './make-clip.js';
export type { MakeClipOptions } from './make-clip.js';
export {
  makeInterlacedBarcodeClip,
  makeTelecinedBarcodeClip,
  readFieldBarcode,
} from './restore-clips.js';
export type { InterlacedBarcodeClipOptions, TelecinedBarcodeClipOptions } from './restore-clips.js';
export { addGaussianNoise, makeFlickerClip, makeNoisyClip, meanLuma } from './degraded-clips.js';
export type { FlickerClipOptions, NoisyClipOptions } from './degraded-clips.js';
export { decodeOutput, psnr, selectFrames } from './decode-frames.js';
export { MESSY_KINDS, readBarcodes, readStillBarcode, reencodeClip } from './messy-sources.js';
export type { MessyKind, MessyKindName } from './messy-sources.js';
export { checkBarcodeOutput } from './check-barcode-output.js';
export type { BarcodeJob } from './check-barcode-output.js';
export { localEnv } from './local-env.js';
export type { LocalEnvOptions } from './local-env.js';
export { childProcesses, isFfmpegRunning, startRoleProcess } from './role-process.js';
export type { RoleExit, RunningRole, StartRoleProcessOptions } from './role-process.js';
export { startStack } from './start-stack.js';
export type { JobBody, Stack, StartStackOptions } from './start-stack.js';
