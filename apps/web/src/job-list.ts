// The tenant's jobs, newest first: status filter, cursor pages, live status.
import type { Job, JobStatus } from '@remaster/sdk/api-types';
import { api } from './api.js';
import { h, replace } from './dom.js';
import { describeWork, fileNameOf, formatTime, shortJobId, truncate } from './format.js';
import { JOB_STATUSES, isTerminal } from './job-status.js';
import { dataTable, showError, statusBadge } from './widgets.js';

const PAGE_SIZE = 20;
const REFRESH_MS = 2000;

/** `pageSize` comes from `#/jobs?limit=N` (1–100); 20 by default. */
export function showJobList(main: HTMLElement, signal: AbortSignal, pageSize = PAGE_SIZE): void {
  document.title = 'Jobs · Remaster';
  let status: JobStatus | '' = '';
  /** Cursors of the pages before this one (the first page has none). */
  const cursors: (string | undefined)[] = [undefined];
  const filter = h(
    'select',
    {
      id: 'status-filter',
      onchange: () => {
        status = filter.value as JobStatus | '';
        cursors.splice(0, cursors.length, undefined);
        void load();
      },
    },
    h('option', { value: '' }, 'any status'),
    ...JOB_STATUSES.map((s) => h('option', { value: s }, s)),
  );
  const body = h('div', { id: 'job-table', 'aria-live': 'polite' });
  const newer = h('button', { type: 'button', onclick: () => page(-1) }, '← Newer');
  const older = h('button', { type: 'button', onclick: () => page(1) }, 'Older →');
  let nextCursor: string | undefined;
  let timer: number | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer));

  replace(
    main,
    h(
      'div',
      { class: 'toolbar' },
      h('h1', {}, 'Jobs'),
      h('a', { class: 'button', href: '#/new' }, 'New job'),
    ),
    h('div', { class: 'filters' }, h('label', { for: 'status-filter' }, 'Status'), filter),
    body,
    h('nav', { class: 'pager', 'aria-label': 'Pages' }, newer, older),
  );

  function page(step: number): void {
    if (step > 0 && nextCursor) cursors.push(nextCursor);
    if (step < 0 && cursors.length > 1) cursors.pop();
    void load();
  }

  async function load(): Promise<void> {
    clearTimeout(timer);
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (status) query.set('status', status);
    const cursor = cursors[cursors.length - 1];
    if (cursor) query.set('cursor', cursor);
    try {
      const list = await api<{ items: Job[]; nextCursor?: string }>(`/v1/jobs?${query}`, {
        signal,
      });
      if (signal.aborted) return;
      nextCursor = list.nextCursor;
      newer.disabled = cursors.length <= 1;
      older.disabled = !nextCursor;
      replace(
        body,
        list.items.length
          ? table(list.items)
          : h('p', {}, cursors.length > 1 ? 'No older jobs.' : 'No jobs here yet.'),
      );
      // Live status: while any job on the page can still change, look again shortly.
      if (list.items.some((job) => !isTerminal(job.status)))
        timer = window.setTimeout(() => void load(), REFRESH_MS);
    } catch (error) {
      if (!signal.aborted) showError(body, error);
    }
  }
  void load();
}

/** How much of a failed row's code and message is shown; the whole is in its title. */
const REASON_CHARS = 90;

function table(jobs: Job[]): HTMLTableElement {
  return dataTable({
    columns: ['Job', 'File', 'Created', 'Status', 'Progress', 'Work'],
    rows: jobs.map((job) => ({
      attrs: { 'data-job': job.id },
      cells: [
        { attrs: { class: 'id' }, content: [jobLink(job.id)] },
        { attrs: { class: 'file', title: job.input.url }, content: [fileNameOf(job.input.url)] },
        formatTime(job.createdAt),
        { attrs: { class: 'status-cell' }, content: [statusBadge(job.status), reason(job)] },
        `${job.progress.percent} %`,
        describeWork(job),
      ],
    })),
  });
}

function jobLink(id: string): HTMLElement {
  return h('a', { href: `#/jobs/${id}`, title: id }, h('code', {}, shortJobId(id)));
}

function reason(job: Job): HTMLElement | undefined {
  if (!job.error) return undefined;
  const text = `${job.error.code}: ${job.error.message}`;
  return h('small', { class: 'reason', title: text }, truncate(text, REASON_CHARS));
}
