export { freePort } from './free-port.js';
export { startRedis, startedServices, trackService } from './start-redis.js';
export { startRedisCluster } from './start-redis-cluster.js';
export type { RedisCluster } from './start-redis-cluster.js';
export type { RedisServer, StartRedisOptions, StartedService } from './start-redis.js';
export { startS3 } from './start-s3.js';
export type { StartedS3 } from './start-s3.js';
export { barLevelsOf, makeClip, readBarLevels, readBarcode } from './make-clip.js';
export type { MakeClipOptions } from './make-clip.js';
