// Small pieces several pages use.
import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import type { JobStatus } from './types.js';

export function statusBadge(status: JobStatus): HTMLElement {
  return h('span', { class: `status status-${status}`, 'data-status': status }, status);
}

/** Shows the API's own code and message (or what went wrong on the way) in `region`. */
export function showError(region: Element, error: unknown): void {
  replace(region, errorMessage(error));
}

export function errorMessage(error: unknown): HTMLElement {
  // fetch fails with a TypeError when the server cannot be reached at all.
  const text =
    error instanceof ApiError
      ? `${error.code}: ${error.message}`
      : error instanceof TypeError
        ? `Could not reach the API: ${error.message}`
        : (error as Error).message;
  return h('p', { class: 'error', role: 'alert' }, text);
}

/** A `<dl>` of label → value rows, skipping empty values. */
export function facts(rows: [string, string | number | undefined][]): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    ...rows
      .filter(([, value]) => value !== undefined && value !== '')
      .flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, String(value))]),
  );
}
