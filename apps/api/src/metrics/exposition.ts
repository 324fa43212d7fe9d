import type { CounterSnapshot, HistogramSnapshot } from '@remaster/jobs';

/** A label value in the Prometheus text format: backslash, quote and newline escaped. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length > 0 ? `{${pairs.join(',')}}` : '';
}

function bound(value: number): string {
  return value === Number.POSITIVE_INFINITY ? '+Inf' : String(value);
}

/** A histogram family in the Prometheus text format (version 0.0.4). */
export function renderHistogram(
  name: string,
  help: string,
  series: readonly HistogramSnapshot[],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  for (const { labels, buckets, sum, count } of series) {
    for (const [le, value] of buckets)
      lines.push(`${name}_bucket${labelText({ ...labels, le: bound(le) })} ${value}`);
    lines.push(
      `${name}_sum${labelText(labels)} ${sum}`,
      `${name}_count${labelText(labels)} ${count}`,
    );
  }
  return lines.join('\n');
}

/** A counter family in the Prometheus text format; `name` ends in `_total`. */
export function renderCounter(
  name: string,
  help: string,
  series: readonly CounterSnapshot[],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
  for (const { labels, value } of series) lines.push(`${name}${labelText(labels)} ${value}`);
  return lines.join('\n');
}
