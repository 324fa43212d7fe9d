// One job, live: progress from GET /v1/jobs/:id/events (a preview marked as one), cancel,
// download, error, restoration, report, before/after and the webhook deliveries.
import type { ChunkProgress, Job, WebhookDelivery } from '@remaster/sdk/api-types';
import { ApiError, api, jobEvents } from './api.js';
import { showComparison } from './compare-view.js';
import { h, replace } from './dom.js';
import {
  describePreview,
  describeWork,
  fileNameOf,
  formatBytes,
  formatRate,
  formatSeconds,
  formatTime,
} from './format.js';
import { showReport } from './report-view.js';
import { showRestoration } from './restoration-view.js';
import { isTerminal } from './job-status.js';
import { dataTable, errorMessage, facts, showError, statusBadge } from './widgets.js';

const RECONNECT_MS = 2000;

export function showJobPage(main: HTMLElement, id: string, signal: AbortSignal): void {
  document.title = `Job ${id} · Remaster`;
  const header = h('div', { class: 'toolbar' });
  const progress = h('section', { id: 'progress', 'aria-labelledby': 'progress-title' });
  const result = h('section', { id: 'result' });
  const restoration = h('section', { id: 'restoration', 'aria-labelledby': 'restoration-title' });
  const report = h('section', { id: 'report' });
  const compare = h('section', { id: 'compare' });
  const webhooks = h('section', { id: 'webhooks' });
  replace(
    main,
    h('p', {}, h('a', { href: '#/jobs' }, '← All jobs')),
    header,
    progress,
    result,
    restoration,
    report,
    compare,
    webhooks,
  );
  let shownTerminal = false;
  let ended = false;
  let showHeader: (job: Job) => void = () => undefined;

  const render = (job: Job) => {
    ended = isTerminal(job.status);
    showHeader(job);
    renderProgress(progress, job);
    renderResult(result, job);
    showRestoration(restoration, job);
    if (isTerminal(job.status) && !shownTerminal) {
      shownTerminal = true;
      showReport(report, job);
      showComparison(compare, job);
      void loadWebhooks(webhooks, job.id, signal);
    }
  };

  showHeader = headerView(header, id, render);
  void follow();
  void loadWebhooks(webhooks, id, signal);

  /** Follows the event stream; one that drops (an API restart) is opened again. */
  async function follow(): Promise<void> {
    const problem = h('div', { 'aria-live': 'polite' });
    main.insertBefore(problem, progress);
    while (!ended && !signal.aborted) {
      try {
        for await (const job of jobEvents(id, signal)) {
          replace(problem);
          render(job);
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && error.status === 404) return showNotFound(main, id);
        if (error instanceof ApiError && error.status === 401) return; // the key prompt took over
        replace(problem, errorMessage(error), h('p', {}, 'Reconnecting…'));
      }
      if (!ended) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }
}

function showNotFound(main: HTMLElement, id: string): void {
  replace(
    main,
    h('h1', {}, 'Job not found'),
    h('p', { role: 'alert' }, `There is no job ${id} for this API key.`),
    h('a', { href: '#/jobs' }, 'All jobs'),
  );
}

/**
 * Title, status and the cancel button. The button is made once and only hidden when the
 * job ends, so a keyboard user on it keeps focus while progress events redraw the page.
 */
function headerView(header: HTMLElement, id: string, render: (job: Job) => void) {
  const title = h('h1', {}, 'Job ', h('code', {}, id));
  const badge = h('span');
  const problem = h('div', { 'aria-live': 'polite' });
  const cancel = h(
    'button',
    { type: 'button', id: 'cancel', class: 'danger', hidden: true },
    'Cancel job',
  );
  cancel.addEventListener('click', () => {
    // Canceling cannot be undone: the chunks made so far are deleted.
    if (
      !window.confirm(`Cancel job ${id}? Rendering stops and the chunks made so far are deleted.`)
    )
      return;
    cancel.disabled = true;
    api<Job>(`/v1/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }).then(
      render,
      (error) => {
        cancel.disabled = false;
        replace(problem, errorMessage(error));
      },
    );
  });
  replace(header, title, badge, cancel, problem);
  return (job: Job) => {
    replace(badge, statusBadge(job.status));
    cancel.hidden = isTerminal(job.status);
  };
}

function renderProgress(section: HTMLElement, job: Job): void {
  const p = job.progress;
  const parts = [
    `${p.percent} %`,
    p.framesTotal !== undefined && `${p.framesDone} / ${p.framesTotal} frames`,
    p.chunksTotal !== undefined && `${p.chunksDone} / ${p.chunksTotal} chunks`,
    p.fps !== undefined && `${p.fps} fps`,
    p.etaSeconds !== undefined && `ETA ${formatSeconds(p.etaSeconds)}`,
  ].filter(Boolean);
  replace(
    section,
    h('h2', { id: 'progress-title' }, 'Progress'),
    job.preview && h('p', { class: 'warning', id: 'preview-notice' }, describePreview(job.preview)),
    h('progress', { id: 'job-progress', max: 100, value: p.percent, 'aria-label': 'Job progress' }),
    h('p', { id: 'progress-text' }, parts.join(' · ')),
    p.chunks && timeline(p.chunks),
    facts([
      ['Created', formatTime(job.createdAt)],
      ['Work', describeWork(job)],
      ['File', fileNameOf(job.input.url)],
      ['Input', job.input.url],
      [
        'Source',
        job.source &&
          `${job.source.width}×${job.source.height}, ${formatRate(job.source.fps)} fps, ${job.source.frames} frames`,
      ],
    ]),
  );
}

const CHUNK_STATES: readonly ChunkProgress['state'][] = ['pending', 'rendering', 'done'];

/** One cell per chunk: pending, rendering (with its frames so far) or done; and a legend. */
function timeline(chunks: ChunkProgress[]): HTMLElement {
  return h(
    'div',
    { class: 'chunks' },
    h(
      'ol',
      { class: 'timeline', 'aria-label': 'Chunks' },
      ...chunks.map((chunk) => {
        const text = `chunk ${chunk.index}: ${chunk.state}${chunk.state === 'pending' ? '' : `, ${chunk.framesDone} frames`}`;
        return h(
          'li',
          { class: `chunk chunk-${chunk.state}`, title: text, 'data-state': chunk.state },
          h('span', { class: 'visually-hidden' }, text),
        );
      }),
    ),
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Chunk colours' },
      ...CHUNK_STATES.map((state) => {
        const count = chunks.filter((chunk) => chunk.state === state).length;
        return h(
          'li',
          { 'data-legend': state },
          h('span', { class: `swatch swatch-${state}`, 'aria-hidden': 'true' }),
          `${state} (${count})`,
        );
      }),
    ),
  );
}

function renderResult(section: HTMLElement, job: Job): void {
  if (job.error) {
    replace(
      section,
      h('h2', {}, 'Failed'),
      h(
        'p',
        { class: 'error', role: 'alert', id: 'job-error' },
        h('code', {}, job.error.code),
        ' ',
        job.error.message,
      ),
    );
    return;
  }
  if (job.waitingFor)
    return replace(
      section,
      h('p', { class: 'warning', role: 'status', id: 'job-waiting' }, job.waitingFor.message),
    );
  if (!job.output) return replace(section);
  const o = job.output;
  replace(
    section,
    h('h2', {}, 'Output'),
    h(
      'p',
      {},
      h(
        'a',
        { class: 'button', id: 'download', href: o.url, download: `${job.id}.${o.container}` },
        `Download ${o.container} (${formatBytes(o.sizeBytes)})`,
      ),
    ),
    facts([
      ['Size', `${o.width}×${o.height}`],
      ['Rate', `${formatRate(o.fps)} fps`],
      ['Frames', o.frames],
    ]),
  );
}

async function loadWebhooks(section: HTMLElement, id: string, signal: AbortSignal): Promise<void> {
  try {
    const { deliveries } = await api<{ deliveries: WebhookDelivery[] }>(`/v1/jobs/${id}/webhooks`, {
      signal,
    });
    replace(
      section,
      h('h2', {}, 'Webhook deliveries'),
      deliveries.length === 0
        ? h('p', {}, 'None: the job has no webhook, or nothing was sent yet.')
        : dataTable({
            columns: ['When', 'Event', 'Attempt', 'URL', 'Answer', 'Time'],
            rows: deliveries.map((d) => ({
              cells: [
                formatTime(d.at),
                d.event,
                d.attempt,
                { attrs: { class: 'url' }, content: [d.url] },
                `${d.statusCode !== undefined ? String(d.statusCode) : (d.error ?? '—')}${d.willRetry ? ' (will retry)' : ''}`,
                `${d.durationMs} ms`,
              ],
            })),
          }),
    );
  } catch (error) {
    if (!signal.aborted && !(error instanceof ApiError && error.status === 404))
      showError(section, error);
  }
}
