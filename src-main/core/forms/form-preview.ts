import type { FormFieldType } from '../../contract/forms';
import type { Matcher } from '../scripts/model';
import { resolveBound } from './bounds';
import type { Form, FormField } from './model';

const TYPE_WORDS: Partial<Record<FormFieldType, string>> = {
  longText: 'long text',
  dateRange: 'date range',
  datetime: 'date and time',
  multiple: 'several choices',
  yesno: 'yes/no',
};
const DATES = new Set<FormFieldType>(['date', 'dateRange', 'datetime']);

/**
 * A form as text, for `anlauf scripts preview` on a form file: each field in order with its
 * type, whether it is required, its bounds (relative ones as the days they are on `now`), its
 * options, when it is shown and where it is pre-filled from, so a trainer sees what the agent
 * will be offered without a call.
 */
export function previewForm(form: Form, now: Date): string {
  const languages = form.variants ? [...form.variants.keys()].join(', ') : form.language;
  const lines = [
    `${form.title} — form ${form.id}, kind ${form.kind}, ${form.client ? `for client ${form.client}` : 'for every client'}, language ${form.language}` +
      `${form.variants ? ` (of ${languages})` : ''}, ${form.fields.length} fields`,
  ];
  if (form.description) lines.push(form.description);
  let section: string | null = null;
  for (const field of form.fields) {
    if (field.section !== section && field.section !== null) lines.push('', `== ${field.section} ==`);
    section = field.section;
    lines.push(`[${field.id}] ${field.label} — ${describeField(field, now)}`);
    for (const option of field.options) lines.push(`      - ${option.value}: ${option.label}`);
    if (field.when) lines.push(`    shown only when ${describeWhen(field.when)}`);
    if (field.prefill) lines.push(`    pre-filled from ${field.prefill}`);
    if (field.help) lines.push(`    (help: ${field.help})`);
  }
  return lines.join('\n') + '\n';
}

function describeField(field: FormField, now: Date): string {
  const parts = [TYPE_WORDS[field.type] ?? field.type];
  if (field.required) parts.push('required');
  if (DATES.has(field.type)) {
    const day = (bound: number | string) => {
      const resolved = typeof bound === 'string' ? resolveBound(bound, now, field.type === 'datetime') : null;
      return resolved && resolved !== bound ? `${resolved} (${bound})` : String(bound);
    };
    if (field.min !== null) parts.push(`not before ${day(field.min)}`);
    if (field.max !== null) parts.push(`not after ${day(field.max)}`);
  } else {
    const unit = field.type === 'text' || field.type === 'longText' ? ' characters' : field.type === 'multiple' ? ' picked' : '';
    if (field.min !== null) parts.push(`at least ${field.min}${unit}`);
    if (field.max !== null) parts.push(`at most ${field.max}${unit}`);
  }
  return parts.join(', ');
}

function describeWhen(when: Record<string, Matcher>): string {
  return Object.entries(when)
    .map(
      ([id, matcher]) =>
        `${id} ${typeof matcher === 'object' && matcher !== null && !Array.isArray(matcher) ? JSON.stringify(matcher) : `is ${JSON.stringify(matcher)}`}`,
    )
    .join(' and ');
}
