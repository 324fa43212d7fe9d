export { createS3Client } from './s3-client.js';
export type { S3ClientOptions } from './s3-client.js';
export { ObjectStore } from './object-store.js';
export type { ObjectHead, ObjectStoreOptions } from './object-store.js';
export { DEFAULT_UPLOAD_PART_BYTES, choosePartSize } from './resumable-upload.js';
export type { ResumableUploadOptions, ResumableUploadResult } from './resumable-upload.js';
export { formatS3Url, parseS3Url } from './s3-url.js';
export type { S3Location } from './s3-url.js';
export {
  jobPrefix,
  normalisedKey,
  outputKey,
  segmentKey,
  segmentPrefix,
  sourceCopyKey,
  stillKey,
} from './object-keys.js';
export { startEmbeddedS3 } from './embedded-s3.js';
export type { EmbeddedS3, EmbeddedS3Options } from './embedded-s3.js';
