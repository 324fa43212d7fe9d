export type { ChunkPayload, PlanPayload, StitchPayload, WebhookPayload } from './payloads.js';
export {
  chunkPayloadSchema,
  planPayloadSchema,
  stitchPayloadSchema,
  webhookPayloadSchema,
} from './payloads.js';
export type { Catalog, QueueName } from './catalog.js';
export { QUEUES, bullJobId, catalog, queuesServedBy } from './catalog.js';
export type { AnyQueue, ConsumerRole, PayloadOf, QueueDefinition } from './define-queue.js';
export { CONSUMER_ROLES, defineQueue } from './define-queue.js';
export type { QueueHandler } from './role-handlers.js';
export { checkRoleHandlers, handler } from './role-handlers.js';
export { QueueConsumers } from './queue-consumers.js';
export type { QueueCoverageDeps, UnservedQueue, WaitingFor } from './queue-coverage.js';
export { QueueCoverage } from './queue-coverage.js';
export type { FailureCode } from './failure.js';
export { RetryableFailure, TerminalFailure, describeFailure } from './failure.js';
export { isJobId, newJobId } from './job-id.js';
export type { UrlName } from './name-urls.js';
export { nameUrls, nameUrlsIn } from './name-urls.js';
export type {
  ChunkProgress,
  ChunkReport,
  JobError,
  JobProgress,
  JobRecord,
  ModelRun,
  OutputSummary,
  PlanModels,
  PlanSummary,
  SourceSummary,
  StillRecord,
} from './job-record.js';
export type { JobCheckRequest, JobRequest, JobRequestInput } from './job-request.js';
export { DEFAULT_SCENE_THRESHOLD, jobCheckSchema, jobRequestSchema } from './job-request.js';
export type { PreviewRequest, RestoreRequest } from './restore-request.js';
export {
  DEFAULT_RESTORE,
  DEINTERLACE_MODES,
  IVTC_MODES,
  PREVIEW_MAX_SECONDS,
  asksForRestoration,
  previewRequestSchema,
  restoreRequestSchema,
} from './restore-request.js';
export { modelId } from './model-id.js';
export type { RestoreSummary } from './restore-summary.js';
export { restoreSummarySchema } from './restore-summary.js';
export type { JobStatus } from './job-status.js';
export { JOB_STATUSES, STATUS_RANKS, TERMINAL_STATUSES, isTerminal } from './job-status.js';
export type { LifecycleDeps } from './lifecycle/index.js';
export { Lifecycle, OUTBOX_LEASE_MS, startJanitor } from './lifecycle/index.js';
export type { ListJobsQuery } from './job-store.js';
export { JobStore } from './job-store.js';
export type { SlotAnswer } from './tenant-slots.js';
export { TenantSlots } from './tenant-slots.js';
export type { PipelineOptions } from './pipeline.js';
export { Pipeline } from './pipeline.js';
export type { RedisClient } from './redis-connection.js';
export { connectRedis, connectRedisCluster, redisOptions } from './redis-connection.js';
export type { ConsumeDeps, ConsumeOptions } from './consume.js';
export { consume } from './consume.js';
export { closeGracefully } from './close-gracefully.js';
export type {
  CatalogModel,
  ChosenModel,
  ModelCatalog,
  ModelKind,
  RestorationTask,
} from './model-catalog.js';
export {
  MODEL_CATALOG,
  checkModel,
  chooseModel,
  chooseRestorationModel,
  defaultModel,
} from './model-catalog.js';
export type { Claim } from './idempotency-keys.js';
export { IdempotencyKeys, hashBody } from './idempotency-keys.js';
export type { WebhookEvent, WebhookEventsOptions } from './webhook-events.js';
export { DEFAULT_WEBHOOK_EVENTS, WEBHOOK_EVENTS, WebhookEvents } from './webhook-events.js';
export type { CurrentChunk, WorkerGpu, WorkerHeartbeat, WorkerInfo } from './worker-registry.js';
export { WorkerRegistry } from './worker-registry.js';
export type { ModelSpeed, PipelineThroughput, WorkerCalibration } from './throughput.js';
export {
  DEFAULT_PHASE_COSTS,
  SpeedStats,
  costOf,
  fitLinearCost,
  phaseCostsOf,
  type JobPhaseSample,
  type LinearCost,
  type PhaseCosts,
} from './speed-stats.js';
export { pipelineKey } from './throughput.js';
export type {
  CounterSnapshot,
  HistogramSnapshot,
  MetricsSnapshot,
  WebhookResult,
} from './metrics-store.js';
export { CHUNK_SECONDS_BUCKETS, JOB_SECONDS_BUCKETS, MetricsStore } from './metrics-store.js';
