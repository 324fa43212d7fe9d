export type {
  ChosenModel,
  ChunkProgress,
  ChunkReport,
  ErrorBody,
  Job,
  JobCheck,
  JobCheckRequest,
  JobComparison,
  JobReport,
  JobList,
  JobModels,
  JobOutput,
  JobPlan,
  JobPreview,
  JobProgress,
  JobRequest,
  JobSource,
  JobStatus,
  ListQuery,
  Model,
  ModelRun,
  PreviewSpan,
  Quote,
  Rate,
  ReportPreview,
  RestorationStep,
  RestoreModel,
  RestoreSettings,
  RestoreSummary,
  Still,
  UploadResult,
  WebhookDelivery,
  WebhookEventType,
  WebhookSecret,
} from './api-types.js';
export { TERMINAL_STATUSES, isTerminal } from './api-types.js';
export type {
  CallOptions,
  RemasterClientOptions,
  SubmitOptions,
  UploadOptions,
  UploadSource,
} from './remaster-client.js';
export { RemasterClient } from './remaster-client.js';
export type { Route } from './routes.js';
export { ROUTES } from './routes.js';
export { RemasterApiError, RemasterConnectionError } from './remaster-api-error.js';
export type { WaitOptions } from './wait-for-job.js';
export type { VerifyWebhookOptions, WebhookHeaders } from './verify-webhook.js';
export { signWebhook, verifyWebhook } from './verify-webhook.js';
export { WebhookVerificationError } from './webhook-verification-error.js';
export type { WebhookVerificationErrorCode } from './webhook-verification-error.js';
