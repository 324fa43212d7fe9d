export type { AppOptions } from './build-app.js';
export { buildApp } from './build-app.js';
export { createJobService } from './create-job-service.js';
export type { JobServiceOptions, OutputSigner } from './job-service.js';
export { JobService } from './job-service.js';
export type { StoredUpload, UploadServiceOptions } from './upload-service.js';
export { UploadService } from './upload-service.js';
