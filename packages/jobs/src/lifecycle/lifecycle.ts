import type {
  JobError,
  JobRecord,
  OutputSummary,
  PlanSummary,
  SourceSummary,
} from '../job-record.js';
import type { JobRequest } from '../job-request.js';
import { cancel } from './cancel.js';
import { complete } from './complete.js';
import type { LifecycleContext, LifecycleDeps } from './context.js';
import { lifecycleContext } from './context.js';
import { fail } from './fail.js';
import type { RenderEntry } from './outbox-entry.js';
import { recordPlan } from './record-plan.js';
import { relayOutbox } from './relay-outbox.js';
import { startPlanning } from './start-planning.js';
import { startStitching } from './start-stitching.js';
import { submit } from './submit.js';
import type { SweepOptions, SweptJob } from './sweep-stuck.js';
import { sweepStuck } from './sweep-stuck.js';

/**
 * The job lifecycle, the one way a job's status changes: each method is one step of the
 * state diagram (docs/design.md), in its own file, owning its status change and the work
 * that follows it (staged in the outbox in the same script, then delivered). Reads of
 * the records are JobStore's.
 */
export class Lifecycle {
  readonly context: LifecycleContext;

  constructor(deps: LifecycleDeps) {
    this.context = lifecycleContext(deps);
  }

  submit(tenant: string, request: JobRequest, id?: string): Promise<JobRecord> {
    return submit(this.context, tenant, request, id);
  }

  startPlanning(id: string): Promise<boolean> {
    return startPlanning(this.context, id);
  }

  recordPlan(id: string, source: SourceSummary, plan: PlanSummary, render: RenderEntry) {
    return recordPlan(this.context, id, source, plan, render);
  }

  startStitching(id: string): Promise<boolean> {
    return startStitching(this.context, id);
  }

  complete(id: string, output: OutputSummary): Promise<boolean> {
    return complete(this.context, id, output);
  }

  fail(id: string, error: JobError): Promise<boolean> {
    return fail(this.context, id, error);
  }

  cancel(id: string): Promise<boolean> {
    return cancel(this.context, id);
  }

  /** Delivers the outbox entries a dead or failed writer left; how many. */
  relayOutbox(onError?: (error: Error) => void): Promise<number> {
    return relayOutbox(this.context, onError);
  }

  /** Fails the jobs whose work is gone; see sweepStuck. */
  sweepStuck(options: SweepOptions): Promise<SweptJob[]> {
    return sweepStuck(this.context, options);
  }
}
