import type { MetricsStore } from '@remaster/jobs';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerList } from '../routes/workers.js';
import { renderCounter, renderHistogram } from './exposition.js';

/** A BullMQ queue as the collector reads it. */
export interface CountedQueue {
  readonly name: string;
  getJobCounts(): Promise<Record<string, number>>;
}

export interface MetricsSources {
  /** Every queue of the pipeline. */
  readonly queues: readonly CountedQueue[];
  readonly workers: WorkerList;
  /** Chunk, job-latency and webhook series written by every process. */
  readonly store: Pick<MetricsStore, 'read'>;
}

/**
 * Everything GET /metrics shows, read when Prometheus scrapes: queue depths from BullMQ,
 * the fleet from the worker heartbeats, fleet-wide counters and histograms from Redis,
 * and this API process's own Node.js metrics. Every series but the process ones is the
 * same on every API replica (it comes from Redis), so scrape one replica or aggregate with max.
 */
export class MetricsCollector {
  private readonly registry = new Registry();
  private readonly queueJobs = this.gauge(
    'remaster_queue_jobs',
    'Jobs in each BullMQ queue by state',
    ['queue', 'state'],
  );
  private readonly workersAlive = this.gauge(
    'remaster_workers',
    'Worker processes whose heartbeat is live',
    [],
  );
  private readonly workerInfo = this.gauge(
    'remaster_worker_info',
    'One series per live worker (value 1) carrying its host, GPU, providers and version',
    ['worker', 'host', 'gpu', 'gpu_name', 'providers', 'version'],
  );
  private readonly workerFps = this.gauge(
    'remaster_worker_fps',
    'Output frames per second of a worker, averaged over its recent chunks',
    ['worker'],
  );
  private readonly workerChunks = this.gauge(
    'remaster_worker_chunks_rendering',
    'Chunks a worker is rendering now',
    ['worker'],
  );
  private readonly workerFrames = this.gauge(
    'remaster_worker_chunk_frames_done',
    'Output frames written so far in the chunks a worker is rendering now',
    ['worker'],
  );
  private readonly workerMemory = this.gauge(
    'remaster_worker_gpu_memory_bytes',
    'Total memory of the GPU of a worker',
    ['worker'],
  );

  constructor(private readonly sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'remaster_api_' });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The whole exposition, read now. */
  async render(): Promise<string> {
    const [counts, workers, snapshot] = await Promise.all([
      Promise.all(this.sources.queues.map(async (q) => [q.name, await q.getJobCounts()] as const)),
      this.sources.workers.list(),
      this.sources.store.read(),
    ]);
    for (const gauge of [this.queueJobs, this.workerInfo, this.workerFps, this.workerChunks])
      gauge.reset();
    this.workerFrames.reset();
    this.workerMemory.reset();
    for (const [queue, byState] of counts)
      for (const [state, value] of Object.entries(byState))
        this.queueJobs.set({ queue, state }, value);
    this.workersAlive.set(workers.length);
    for (const w of workers) {
      const worker = w.id;
      this.workerInfo.set(
        {
          worker,
          host: w.host,
          gpu: w.gpu ? String(w.gpu.id) : 'cpu',
          gpu_name: w.gpu?.name ?? 'cpu',
          providers: w.executionProviders.requested.join(','),
          version: w.version,
        },
        1,
      );
      if (w.fps !== null) this.workerFps.set({ worker }, w.fps);
      this.workerChunks.set({ worker }, w.chunks.length);
      this.workerFrames.set(
        { worker },
        w.chunks.reduce((sum, c) => sum + c.framesDone, 0),
      );
      if (w.gpu) this.workerMemory.set({ worker }, w.gpu.memoryMb * 1024 * 1024);
    }
    const fleet = [
      renderHistogram(
        'remaster_chunk_duration_seconds',
        'Wall time of each rendered chunk (decode, inference, encode, upload)',
        [snapshot.chunkSeconds],
      ),
      renderCounter('remaster_chunk_frames_total', 'Output frames written by rendered chunks', [
        { labels: {}, value: snapshot.chunkFrames },
      ]),
      renderHistogram(
        'remaster_job_duration_seconds',
        'Time from submission to the end of a job, by final status',
        snapshot.jobSeconds,
      ),
      renderCounter(
        'remaster_webhook_deliveries_total',
        'Webhook delivery attempts by event and result (delivered, retrying, failed)',
        snapshot.webhooks,
      ),
    ];
    return `${await this.registry.metrics()}\n${fleet.join('\n\n')}\n`;
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }
}
