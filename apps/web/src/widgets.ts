// Small pieces several pages use.
import type { JobStatus } from '@remaster/sdk/api-types';
import { ApiError } from './api.js';
import { h, replace } from './dom.js';
import type { Attrs, Child } from './dom.js';

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

/** A cell with attributes of its own (a class, a title). */
interface Cell {
  attrs: Attrs;
  content: Child[];
}

interface DataTable {
  columns: string[];
  rows: { attrs?: Attrs; cells: (Child | Cell)[] }[];
  id?: string;
  caption?: string;
}

/**
 * A table whose cells carry their column's name (`data-label`): on a narrow screen the
 * CSS lays each row out as a small card of label → value lines instead of columns.
 */
export function dataTable({ columns, rows, id, caption }: DataTable): HTMLTableElement {
  const cell = (content: Child | Cell, index: number) => {
    const own = isCell(content) ? content : { attrs: {}, content: [content] };
    return h('td', { ...own.attrs, 'data-label': columns[index] }, ...own.content);
  };
  return h(
    'table',
    { id, class: 'stack' },
    caption && h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((row) => h('tr', row.attrs ?? {}, ...row.cells.map(cell)))),
  );
}

function isCell(value: Child | Cell): value is Cell {
  return typeof value === 'object' && value !== null && !(value instanceof Node);
}
