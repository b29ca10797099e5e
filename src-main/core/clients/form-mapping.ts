import type { FormSubmission, FormValue } from '../../contract';

/**
 * A client's form endpoint mapping (clients[].forms.mapping): per form, the JSON body to send,
 * whose texts name the form's fields (`"{what}"`) and a few facts (`{submission.id}`, `{call.id}`;
 * FORM_MAPPING_FACTS in contract/clients.ts).
 */

/** The placeholders a URL or body template names: `{what}`, `{submission.id}`. */
const PLACEHOLDER = /\{([A-Za-z0-9_.-]+)\}/g;

/** Every placeholder a mapping's body names, fields and facts alike, with where in the body (`["location", "zip"]`). */
export function mappingPlaceholders(template: unknown): { name: string; at: (string | number)[] }[] {
  const found: { name: string; at: (string | number)[] }[] = [];
  const walk = (node: unknown, at: (string | number)[]) => {
    if (typeof node === 'string') for (const match of node.matchAll(PLACEHOLDER)) found.push({ name: match[1] ?? '', at });
    else if (Array.isArray(node)) node.forEach((item, index) => walk(item, [...at, index]));
    else if (node !== null && typeof node === 'object') for (const [key, value] of Object.entries(node)) walk(value, [...at, key]);
  };
  walk(template, []);
  return found;
}

/**
 * The body a form is sent as, from its mapping: a text that is a placeholder alone becomes the
 * value itself (a number stays a number, a date range `{ from, to }`); inside a longer text, its
 * text. A field not sent (hidden by its condition, or unknown) is null alone, empty inside text.
 */
export function mappedBody(template: unknown, submission: FormSubmission, customerNumber: string | null): unknown {
  const facts: Record<string, FormValue> = {
    'submission.id': submission.id,
    'submission.revision': submission.revision,
    'submission.formId': submission.formId,
    'submission.title': submission.title,
    'submission.kind': submission.kind,
    'submission.language': submission.language,
    'call.id': submission.callId,
    'agent.id': submission.agentId,
    'client.id': submission.clientId,
    'customer.customerNumber': customerNumber,
    submittedAt: new Date(submission.submittedAt).toISOString(),
  };
  const values = new Map<string, FormValue>(Object.entries(facts));
  for (const field of submission.fields) values.set(field.id, field.value);
  const asText = (value: FormValue | undefined): string => {
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) return value.join(', ');
    if (typeof value === 'object') return `${value.from}–${value.to}`;
    return String(value);
  };
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const alone = /^\{([A-Za-z0-9_.-]+)\}$/.exec(node);
      if (alone) return values.get(alone[1] ?? '') ?? null;
      return node.replace(PLACEHOLDER, (whole, name: string) => (values.has(name) ? asText(values.get(name)) : ''));
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    return node;
  };
  return fill(template);
}
