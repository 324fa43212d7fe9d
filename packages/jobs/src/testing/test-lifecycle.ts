// A Lifecycle on a real Redis with real BullMQ queues (nobody consumes them), for tests
// that need jobs in a given status: `plan(id)` takes a submitted job to processing.
import type { LifecycleDeps } from '../lifecycle/context.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import type { PlanSummary, SourceSummary } from '../job-record.js';
import { Pipeline } from '../pipeline.js';
import type { RedisClient } from '../redis-connection.js';
import { redisOptions } from '../redis-connection.js';
import { WebhookEvents } from '../webhook-events.js';
import { planFixture, renderFixture } from './payload-fixtures.js';

export interface TestLifecycle {
  readonly lifecycle: Lifecycle;
  readonly pipeline: Pipeline;
  /** startPlanning then recordPlan, with the fixture's source and plan unless given. */
  plan(id: string, source?: SourceSummary, plan?: PlanSummary): Promise<boolean>;
  close(): Promise<void>;
}

export function testLifecycle(
  redis: RedisClient,
  redisUrl: string,
  prefix: string,
  deps: Partial<LifecycleDeps> & { withWebhooks?: boolean } = {},
): TestLifecycle {
  const pipeline = new Pipeline({ connection: redisOptions(redisUrl), prefix, chunkAttempts: 1 });
  const { withWebhooks, ...rest } = deps;
  const webhooks = withWebhooks
    ? new WebhookEvents({ redis, prefix, pipeline, progressIntervalMs: 60_000 })
    : undefined;
  const lifecycle = new Lifecycle({ redis, prefix, pipeline, webhooks, ...rest });
  return {
    lifecycle,
    pipeline,
    plan: async (id, source = planFixture.source, plan = planFixture.plan) =>
      (await lifecycle.startPlanning(id)) &&
      lifecycle.recordPlan(id, source, plan, renderFixture(id, plan.chunksTotal)),
    close: () => pipeline.close(),
  };
}
