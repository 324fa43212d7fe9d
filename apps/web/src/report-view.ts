// The restoration report of a finished job: what the service found and did.
import type { Job } from '@remaster/sdk/api-types';
import { h, replace } from './dom.js';
import { formatPhase } from './format.js';
import { dataTable, facts } from './widgets.js';

export function showReport(section: HTMLElement, job: Job): void {
  const report = job.report;
  if (!report) return replace(section);
  const { frames, phases } = report;
  const cuts = report.sceneCuts;
  replace(
    section,
    h('h2', {}, 'Restoration report'),
    facts([
      ['Preview', report.preview?.note],
      ['Frames copied', frames.copied],
      ['Frames interpolated', frames.interpolated],
      [
        'Scene cuts',
        cuts.length === 0
          ? 'none found'
          : cuts.map((c) => `${c.seconds.toFixed(2)} s (frame ${c.frame})`).join(', '),
      ],
      ['Render rate', report.renderFps !== undefined ? `${report.renderFps} fps` : undefined],
      ['Planning', phases.planSeconds !== undefined ? formatPhase(phases.planSeconds) : undefined],
      [
        'Rendering',
        phases.renderSeconds !== undefined ? formatPhase(phases.renderSeconds) : undefined,
      ],
      [
        'Stitching',
        phases.stitchSeconds !== undefined ? formatPhase(phases.stitchSeconds) : undefined,
      ],
    ]),
    report.models.length > 0 &&
      dataTable({
        id: 'report-models',
        caption: 'Models that ran',
        columns: ['Model', 'Kind', 'Execution provider', 'Chunks'],
        rows: report.models.map((m) => ({
          cells: [
            h('code', {}, m.id),
            m.kind === 'sr' ? 'super-resolution' : 'interpolation',
            m.provider,
            m.chunks,
          ],
        })),
      }),
  );
}
