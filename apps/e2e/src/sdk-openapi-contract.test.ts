// Checks the SDK (@remaster/sdk) against the OpenAPI document the real API serves: every route the
// client calls exists, and its types name exactly the fields of the schemas.
// Needs `pnpm build` first (npm test does it): the stack runs the built launcher.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ChosenModel,
  ChunkProgress,
  ChunkReport,
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
  Model,
  ModelRun,
  PreviewSpan,
  ReportPreview,
  RestorationStep,
  RestoreSettings,
  RestoreSummary,
  Still,
  Quote,
  UploadResult,
  WebhookDelivery,
  WebhookSecret,
} from '@remaster/sdk';
import { ROUTES } from '@remaster/sdk';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

// Written as objects with `satisfies Record<keyof T, true>` so that the compiler fails
// when a field is added to or removed from a type without changing this list.
const jobFields = {
  ...{ id: true, status: true, createdAt: true, updatedAt: true, input: true, upscale: true },
  ...{ interpolate: true, source: true, progress: true, output: true, error: true },
  ...{ webhook: true, models: true, report: true, comparison: true, waitingFor: true },
  ...{ restore: true, preview: true, plan: true },
} satisfies Record<keyof Job, true>;
const reportFields = {
  ...{ sceneCuts: true, frames: true, models: true, renderFps: true, phases: true, chunks: true },
  ...{ framesVerified: true, preview: true, restoration: true },
} satisfies Record<keyof JobReport, true>;
const restoreFields = {
  ...{ deinterlace: true, ivtc: true, deflicker: true, denoise: true, deblock: true },
} satisfies Record<keyof RestoreSettings, true>;
const previewSpanFields = { start: true, seconds: true } satisfies Record<keyof PreviewSpan, true>;
const jobPreviewFields = { ...previewSpanFields, frames: true } satisfies Record<
  keyof JobPreview,
  true
>;
const reportPreviewFields = { ...jobPreviewFields, note: true } satisfies Record<
  keyof ReportPreview,
  true
>;
const planFields = { restore: true } satisfies Record<keyof JobPlan, true>;
const restoreSummaryFields = {
  ...{ fields: true, frames: true, fps: true, deflicker: true, denoise: true, deblock: true },
  notes: true,
} satisfies Record<keyof RestoreSummary, true>;
const restoreFieldsFields = {
  ...{ detected: true, order: true, idet: true, action: true, reason: true, droppedFrames: true },
} satisfies Record<keyof RestoreSummary['fields'], true>;
const idetFields = {
  ...{ tff: true, bff: true, progressive: true, undetermined: true },
  ...{ repeatedTop: true, repeatedBottom: true },
} satisfies Record<keyof NonNullable<RestoreSummary['fields']['idet']>, true>;
const denoiseFields = {
  ...{ method: true, model: true, sigma: true, estimatedSigma: true },
} satisfies Record<keyof NonNullable<RestoreSummary['denoise']>, true>;
const restorationStepFields = { step: true, decision: true } satisfies Record<
  keyof RestorationStep,
  true
>;
const chunkReportFields = {
  ...{ index: true, framesCopied: true, framesInterpolated: true, renderSeconds: true },
  ...{ models: true, framesVerified: true, redecoded: true },
} satisfies Record<keyof ChunkReport, true>;
const modelRunFields = { id: true, kind: true, provider: true } satisfies Record<
  keyof ModelRun,
  true
>;
const comparisonFields = { sourceUrl: true, stills: true } satisfies Record<
  keyof JobComparison,
  true
>;
const stillFields = {
  ...{ seconds: true, outputFrame: true, sourceFrame: true, kind: true },
  ...{ interpolatedFrom: true, sourceUrl: true, outputUrl: true },
  ...{ restoredFrame: true, restoredUrl: true },
} satisfies Record<keyof Still, true>;
const jobModelsFields = { upscale: true, interpolate: true } satisfies Record<
  keyof JobModels,
  true
>;
const chosenModelFields = { id: true, chosenBy: true } satisfies Record<keyof ChosenModel, true>;
const progressFields = {
  ...{ percent: true, framesDone: true, framesTotal: true, chunksDone: true },
  ...{ chunksTotal: true, fps: true, etaSeconds: true, chunks: true },
} satisfies Record<keyof JobProgress, true>;
const chunkFields = { index: true, state: true, framesDone: true } satisfies Record<
  keyof ChunkProgress,
  true
>;
const outputFields = {
  ...{ url: true, urlExpiresAt: true, container: true, width: true, height: true },
  ...{ fps: true, frames: true, durationSeconds: true, sizeBytes: true },
  ...{ pixelFormat: true, bitDepth: true },
} satisfies Record<keyof JobOutput, true>;
const sourceFields = {
  ...{ width: true, height: true, fps: true, frames: true, durationSeconds: true },
  ...{ hasAudio: true, pixelFormat: true, bitDepth: true, normalised: true, sceneCuts: true },
  ...{ repeatedFrames: true, emptyIndexEntries: true, decoderMessages: true },
} satisfies Record<keyof JobSource, true>;
const requestFields = {
  ...{ input: true, upscale: true, interpolate: true, output: true, chunk: true, webhook: true },
  ...{ restore: true, preview: true },
} satisfies Record<keyof JobRequest, true>;
const checkFields = { ok: true, models: true } satisfies Record<keyof JobCheck, true>;
const checkRequestFields = requestFields satisfies Record<keyof JobCheckRequest, true>;
const listFields = { items: true, nextCursor: true } satisfies Record<keyof JobList, true>;
const uploadFields = { url: true, sizeBytes: true } satisfies Record<keyof UploadResult, true>;
const modelFields = {
  ...{ id: true, kind: true, scale: true, source: true, sha256: true, padMultiple: true },
  ...{ dtype: true, licence: true, layout: true, description: true, default: true },
  ...{ task: true, strengthInput: true },
} satisfies Record<keyof Model, true>;
const secretFields = {
  ...{ secret: true, previousSecret: true, previousExpiresAt: true },
} satisfies Record<keyof WebhookSecret, true>;
const deliveryFields = {
  ...{ id: true, event: true, attempt: true, at: true, url: true, statusCode: true },
  ...{ durationMs: true, error: true, willRetry: true },
} satisfies Record<keyof WebhookDelivery, true>;
const quoteFields = {
  ...{ frames: true, width: true, height: true, fps: true, chunks: true, models: true },
  restore: true,
  ...{ gpuSeconds: true, wallSeconds: true, phases: true, workerSlots: true, outputBytes: true },
  throughput: true,
} satisfies Record<keyof Quote, true>;
const throughputFields = {
  ...{ pipeline: true, outputPixelsPerSecond: true, basis: true },
} satisfies Record<keyof Quote['throughput'], true>;
const statuses = {
  ...{ queued: true, planning: true, processing: true, stitching: true },
  ...{ completed: true, failed: true, canceled: true },
} satisfies Record<JobStatus, true>;

interface Schema {
  $ref?: string;
  type?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
}
interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

describe('the SDK against the served OpenAPI document', () => {
  let stack: Stack;
  let doc: Document;

  before(async () => {
    stack = await startStack();
    const response = await fetch(`${stack.url}/docs/json`);
    assert.equal(response.status, 200);
    doc = (await response.json()) as Document;
  });
  after(() => stack?.stop());

  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      return resolve(doc.components?.schemas?.[name] ?? {});
    }
    // An optional object can come out as anyOf [object, null].
    const object = schema.anyOf?.find((s) => resolve(s).properties);
    return object ? resolve(object) : schema;
  };
  const operation = (method: string, path: string): Operation => {
    const found = doc.paths[path]?.[method.toLowerCase()];
    assert.ok(found, `${method} ${path} is not in the document`);
    return found;
  };
  const answer = (method: string, path: string, status: number) =>
    resolve(operation(method, path).responses[status]!.content!['application/json']!.schema);
  const propertyOf = (schema: Schema, name: string) => resolve(schema.properties![name]!);

  /** The schema's property names equal the SDK's. */
  function sameFields(label: string, schema: Schema, sdk: object) {
    const served = Object.keys(schema.properties ?? {}).sort();
    assert.deepEqual(served, Object.keys(sdk).sort(), `fields of ${label}`);
  }

  for (const [name, route] of Object.entries(ROUTES)) {
    test(`client.${name} calls ${route.method} ${route.path}, which is served`, () => {
      operation(route.method, route.path);
    });
  }

  test('Job, its progress, output and source name exactly the served fields', () => {
    const job = answer('GET', '/v1/jobs/{id}', 200);
    sameFields('job', job, jobFields);
    sameFields('progress', propertyOf(job, 'progress'), progressFields);
    sameFields('output', propertyOf(job, 'output'), outputFields);
    sameFields('source', propertyOf(job, 'source'), sourceFields);
    sameFields('error', propertyOf(job, 'error'), { code: true, message: true });
    sameFields('models', propertyOf(job, 'models'), jobModelsFields);
    sameFields('chosen model', propertyOf(propertyOf(job, 'models'), 'upscale'), chosenModelFields);
    const progress = propertyOf(job, 'progress');
    sameFields('chunk', resolve(propertyOf(progress, 'chunks').items!), chunkFields);
    assert.deepEqual([...propertyOf(job, 'status').enum!].sort(), Object.keys(statuses).sort());
    for (const [method, path, status] of [
      ['POST', '/v1/jobs', 202],
      ['POST', '/v1/jobs/{id}/cancel', 200],
    ] as const)
      assert.deepEqual(answer(method, path, status), job, `${method} ${path} answers a Job`);
  });

  test('the report and the comparison name exactly the served fields', () => {
    const job = answer('GET', '/v1/jobs/{id}', 200);
    const report = propertyOf(job, 'report');
    sameFields('report', report, reportFields);
    const items = (name: string) => resolve(propertyOf(report, name).items!);
    sameFields('report model', items('models'), { ...modelRunFields, chunks: true });
    sameFields('report chunk', items('chunks'), chunkReportFields);
    sameFields(
      'chunk model',
      resolve(propertyOf(items('chunks'), 'models').items!),
      modelRunFields,
    );
    sameFields('frames', propertyOf(report, 'frames'), { copied: 1, interpolated: 1 });
    const phases = { planSeconds: 1, renderSeconds: 1, stitchSeconds: 1 };
    sameFields('phases', propertyOf(report, 'phases'), phases);
    sameFields('scene cut', items('sceneCuts'), { frame: 1, seconds: 1 });
    const comparison = propertyOf(job, 'comparison');
    sameFields('comparison', comparison, comparisonFields);
    const still = resolve(propertyOf(comparison, 'stills').items!);
    sameFields('still', still, stillFields);
    sameFields('interpolatedFrom', propertyOf(still, 'interpolatedFrom'), { a: 1, b: 1, t: 1 });
  });

  test('restoration: settings, preview, plan.restore and the report name exactly the served fields', () => {
    const job = answer('GET', '/v1/jobs/{id}', 200);
    sameFields('job restore', propertyOf(job, 'restore'), restoreFields);
    sameFields('job preview', propertyOf(job, 'preview'), jobPreviewFields);
    sameFields('preview frames', propertyOf(propertyOf(job, 'preview'), 'frames'), {
      start: 1,
      end: 1,
    });
    const plan = propertyOf(job, 'plan');
    sameFields('plan', plan, planFields);
    const summary = propertyOf(plan, 'restore');
    sameFields('plan.restore', summary, restoreSummaryFields);
    const fields = propertyOf(summary, 'fields');
    sameFields('plan.restore.fields', fields, restoreFieldsFields);
    sameFields('idet', propertyOf(fields, 'idet'), idetFields);
    const deflicker = { strength: 1, gainMin: 1, gainMax: 1 };
    sameFields('plan.restore.deflicker', propertyOf(summary, 'deflicker'), deflicker);
    sameFields('plan.restore.denoise', propertyOf(summary, 'denoise'), denoiseFields);
    sameFields('plan.restore.deblock', propertyOf(summary, 'deblock'), { method: 1, model: 1 });
    sameFields('restore model', propertyOf(propertyOf(summary, 'deblock'), 'model'), {
      ...chosenModelFields,
    });
    const report = propertyOf(job, 'report');
    sameFields('report preview', propertyOf(report, 'preview'), reportPreviewFields);
    const step = resolve(propertyOf(report, 'restoration').items!);
    sameFields('restoration step', step, restorationStepFields);
    const { requestBody } = operation('POST', '/v1/jobs');
    const body = resolve(requestBody!.content['application/json']!.schema);
    sameFields('request restore', propertyOf(body, 'restore'), restoreFields);
    sameFields('request preview', propertyOf(body, 'preview'), previewSpanFields);
  });

  test('JobRequest names exactly the fields of the request body', () => {
    const { requestBody } = operation('POST', '/v1/jobs');
    const body = resolve(requestBody!.content['application/json']!.schema);
    sameFields('request', body, requestFields);
    sameFields('upscale', propertyOf(body, 'upscale'), { factor: 1, height: 1, model: 1 });
    const interpolate = {
      fps: 1,
      factor: 1,
      model: 1,
      sceneThreshold: 1,
      dedupe: 1,
      dedupeThreshold: 1,
    };
    sameFields('interpolate', propertyOf(body, 'interpolate'), interpolate);
    const output = { codec: 1, crf: 1, container: 1, bitDepth: 1 };
    sameFields('output', propertyOf(body, 'output'), output);
    sameFields('chunk', propertyOf(body, 'chunk'), { frames: 1 });
    sameFields('webhook', propertyOf(body, 'webhook'), { url: 1, events: 1 });
  });

  test('Quote names exactly the fields POST /v1/quotes answers, and takes a job body', () => {
    const quote = answer('POST', ROUTES.quote.path, 200);
    sameFields('quote', quote, quoteFields);
    sameFields('quote throughput', propertyOf(quote, 'throughput'), throughputFields);
    sameFields('quote models', propertyOf(quote, 'models'), jobModelsFields);
    const body = operation('POST', ROUTES.quote.path).requestBody!.content['application/json']!;
    sameFields('quote request', resolve(body.schema), requestFields);
  });

  test('JobCheck names exactly the fields POST /v1/jobs/check answers, and takes a job body', () => {
    const check = answer('POST', ROUTES.checkJob.path, 200);
    sameFields('check', check, checkFields);
    sameFields('check models', propertyOf(check, 'models'), jobModelsFields);
    const body = operation('POST', ROUTES.checkJob.path).requestBody!.content['application/json']!;
    sameFields('check request', resolve(body.schema), checkRequestFields);
  });

  test('the job list and the upload answer name exactly the served fields', () => {
    sameFields('list', answer('GET', '/v1/jobs', 200), listFields);
    sameFields('upload', answer('POST', '/v1/uploads', 201), uploadFields);
  });

  test('models, webhook secret and deliveries answer what the client reads', () => {
    const models = answer('GET', ROUTES.models.path, 200);
    sameFields('models', models, { items: true });
    sameFields('model', resolve(propertyOf(models, 'items').items!), modelFields);
    const deliveries = answer('GET', ROUTES.webhookDeliveries.path, 200);
    sameFields('deliveries', deliveries, { deliveries: true });
    sameFields('delivery', resolve(propertyOf(deliveries, 'deliveries').items!), deliveryFields);
    for (const route of [ROUTES.webhookSecret, ROUTES.rotateWebhookSecret])
      sameFields('secret', answer(route.method, route.path, 200), secretFields);
  });
});
