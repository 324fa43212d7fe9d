// The few kinds of labelled control the submit form is made of.
import { h } from './dom.js';
import type { FieldRule } from './job-schema.js';

/** A labelled control; the hints that are given become its description. */
export function field(
  id: string,
  label: string,
  control: HTMLElement,
  ...hints: (string | undefined)[]
): HTMLElement {
  const hint = hints.filter(Boolean).join('; ');
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field', id: `${id}-field` },
    h('label', { for: id }, label),
    control,
    hint && h('small', { id: `${id}-hint`, class: 'hint' }, hint),
  );
}

export function check(id: string, label: string, checked: boolean, hint?: string): HTMLElement {
  const box = h('input', { type: 'checkbox', id, checked });
  if (hint) box.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'check wide' },
    box,
    h('label', { for: id }, label),
    hint && h('small', { id: `${id}-hint`, class: 'hint' }, hint),
  );
}

export function radio(name: string, value: string, label: string, checked = false): HTMLElement {
  const id = `${name}-${value}`;
  return h(
    'span',
    { class: 'radio' },
    h('input', { type: 'radio', name, id, value, checked }),
    h('label', { for: id }, label),
  );
}

/** A select of `options` ([value, text]); `selected` when it is one of them. */
export function select(
  id: string,
  options: [string, string][],
  selected?: unknown,
): HTMLSelectElement {
  return h(
    'select',
    { id, name: id },
    ...options.map(([v, t]) => h('option', { value: v, selected: v === String(selected) }, t)),
  );
}

/** A select of the schema's values; `blank` first when the field may be left out. */
export function choice(
  id: string,
  rule: FieldRule,
  blank?: string,
  text: (value: string | number) => string = String,
): HTMLSelectElement {
  const options = rule.values.map((v): [string, string] => [String(v), text(v)]);
  // A schema the page could not read has no values: leave the field to the API.
  if (blank || options.length === 0) options.unshift(['', blank ?? 'API default']);
  return select(id, options, rule.default);
}

/** A number input with the schema's range; its default is the placeholder. */
export function numberInput(id: string, rule: FieldRule, attrs: Record<string, string> = {}) {
  return h('input', {
    type: 'number',
    id,
    inputmode: rule.integer ? 'numeric' : 'decimal',
    step: rule.integer ? 1 : 'any',
    min: rule.min,
    max: rule.max,
    placeholder: rule.default === undefined ? undefined : String(rule.default),
    ...attrs,
  });
}
