// Before/after: stills of source and output at the same instants in a comparison slider
// (with restoration, the restored frame beside the raw source), and the two videos side by
// side, played together.
import type { Job, Still } from '@remaster/sdk/api-types';
import { h, replace } from './dom.js';

export function showComparison(section: HTMLElement, job: Job): void {
  const stills = job.comparison?.stills ?? [];
  if (job.status !== 'completed' || (stills.length === 0 && !job.comparison?.sourceUrl))
    return replace(section);
  const slider = h('div', { class: 'slider' });
  const caption = h('p', { id: 'still-caption', 'aria-live': 'polite' });
  const restored = h('div', { class: 'restored-pair' });
  const choose = (still: Still) => {
    showStill(slider, still);
    replace(caption, describeStill(still));
    showRestored(restored, still);
    for (const b of picker.querySelectorAll('button'))
      b.setAttribute('aria-pressed', String(b.dataset.frame === String(still.outputFrame)));
  };
  const picker = h(
    'div',
    { class: 'still-picker', role: 'group', 'aria-label': 'Stills' },
    ...stills.map((still) =>
      h(
        'button',
        {
          type: 'button',
          'data-frame': still.outputFrame,
          'aria-pressed': 'false',
          onclick: () => choose(still),
        },
        `${still.seconds.toFixed(2)} s${still.kind === 'interpolated' ? ' (interpolated)' : ''}`,
      ),
    ),
  );
  replace(
    section,
    h('h2', {}, 'Before / after'),
    stills.length > 0 && picker,
    stills.length > 0 && slider,
    caption,
    restored,
    players(job),
  );
  const first = stills.find((s) => s.kind === 'interpolated') ?? stills[0];
  if (first) choose(first);
}

function describeStill(still: Still): string {
  const at = `At ${still.seconds.toFixed(3)} s: output frame ${still.outputFrame}`;
  if (still.kind === 'interpolated' && still.interpolatedFrom) {
    const { a, b, t } = still.interpolatedFrom;
    return `${at}, interpolated between source frames ${a} and ${b} at timestep ${t.toFixed(3)} (left: source frame ${still.sourceFrame}, the nearer one).`;
  }
  const restored =
    still.restoredFrame === undefined ? '' : ` (restored frame ${still.restoredFrame})`;
  return `${at}, a copy of source frame ${still.sourceFrame}${restored}.`;
}

/** With restoration: the raw source frame and the restored one (what the models were given). */
function showRestored(pair: HTMLElement, still: Still): void {
  if (!still.restoredUrl) return replace(pair);
  const restoredFrame = still.restoredFrame ?? still.sourceFrame;
  replace(
    pair,
    h(
      'figure',
      {},
      h('img', {
        src: still.sourceUrl,
        alt: `Raw source frame ${still.sourceFrame}`,
        class: 'raw',
      }),
      h('figcaption', {}, `Raw source, frame ${still.sourceFrame}`),
    ),
    h(
      'figure',
      {},
      h('img', {
        src: still.restoredUrl,
        alt: `Restored frame ${restoredFrame}`,
        class: 'restored',
      }),
      h('figcaption', {}, `Restored, frame ${restoredFrame} (what the models were given)`),
    ),
  );
}

/** The output over the source, cut at the range input's value; arrow keys move it. */
function showStill(slider: HTMLElement, still: Still): void {
  const after = h('img', {
    src: still.outputUrl,
    alt: `Output frame ${still.outputFrame}`,
    class: 'after',
  });
  const before = h('img', {
    src: still.sourceUrl,
    alt: `Source frame ${still.sourceFrame}`,
    class: 'before',
  });
  const range = h('input', {
    type: 'range',
    id: 'compare-range',
    min: 0,
    max: 100,
    value: 50,
    'aria-label': 'Source | output divider (percent of width shown as source)',
  });
  const update = () =>
    // Both images fill the same box; the source on top is clipped at the divider.
    before.style.setProperty('clip-path', `inset(0 ${100 - Number(range.value)}% 0 0)`);
  range.addEventListener('input', update);
  replace(
    slider,
    h(
      'div',
      { class: 'frame' },
      after,
      before,
      h('span', { class: 'tag tag-before' }, 'source'),
      h('span', { class: 'tag tag-after' }, 'output'),
    ),
    range,
  );
  update();
}

/** Source and output side by side; one button plays, pauses and rewinds both. */
function players(job: Job): HTMLElement | false {
  const sourceUrl = job.comparison?.sourceUrl;
  if (!sourceUrl || !job.output) return false;
  const source = h('video', {
    src: sourceUrl,
    muted: true,
    preload: 'metadata',
    'aria-label': 'Source video',
  });
  const output = h('video', {
    src: job.output.url,
    muted: true,
    preload: 'metadata',
    'aria-label': 'Output video',
  });
  const toggle = h('button', { type: 'button', id: 'play-both' }, 'Play both');
  toggle.addEventListener('click', () => {
    if (output.paused) {
      source.currentTime = output.currentTime;
      void Promise.all([source.play(), output.play()]).catch(() => undefined);
      toggle.textContent = 'Pause both';
    } else {
      source.pause();
      output.pause();
      toggle.textContent = 'Play both';
    }
  });
  output.addEventListener('ended', () => (toggle.textContent = 'Play both'));
  return h(
    'div',
    { class: 'players' },
    h('figure', {}, source, h('figcaption', {}, 'Source')),
    h('figure', {}, output, h('figcaption', {}, 'Output')),
    h('div', { class: 'actions' }, toggle),
  );
}
