import type { AnswerValue, Matcher, Scalar } from './model';

/**
 * Branch conditions. Values are compared as text, ignoring case and surrounding spaces, so
 * `customer.city: hamburg` matches "Hamburg"; lt/lte/gt/gte compare numbers, or dates written
 * YYYY-MM-DD, times HH:MM and date-times YYYY-MM-DD HH:MM. A missing value matches only `empty: true`, `ne` and `notIn`.
 */

type Value = AnswerValue | null | undefined;

function text(v: unknown): string {
  if (v === true) return 'yes';
  if (v === false) return 'no';
  return String(v).trim().toLowerCase();
}

function isEmpty(v: Value): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function items(v: Value): (string | number | boolean)[] {
  if (isEmpty(v)) return [];
  return Array.isArray(v) ? v : [v as string | number | boolean];
}

const same = (a: unknown, b: unknown) => text(a) === text(b);

/** Dates, times and date-times compare as text with a value of the same form. */
const DATE = /^(\d{4}-\d{2}-\d{2}|\d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2})$/;

function order(v: Value, operand: Scalar): number | null {
  if (isEmpty(v) || Array.isArray(v)) return null;
  if (typeof operand === 'string' && DATE.test(operand)) {
    return typeof v === 'string' && DATE.test(v) && v.length === operand.length ? v.localeCompare(operand) : null;
  }
  const a = typeof v === 'number' ? v : Number(String(v).replace(',', '.'));
  const b = Number(operand);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  return a - b;
}

export function matches(value: Value, matcher: Matcher): boolean {
  if (typeof matcher !== 'object' || matcher === null) return items(value).some((item) => same(item, matcher));
  return Object.entries(matcher).every(([op, operand]) => {
    const many = Array.isArray(operand) ? operand : [operand];
    switch (op) {
      case 'eq':
        return items(value).some((item) => same(item, operand));
      case 'ne':
        return !items(value).some((item) => same(item, operand));
      case 'in':
        return items(value).some((item) => many.some((m) => same(item, m)));
      case 'notIn':
        return !items(value).some((item) => many.some((m) => same(item, m)));
      case 'contains':
        if (Array.isArray(value)) return value.some((item) => same(item, operand));
        return !isEmpty(value) && text(value).includes(text(operand));
      case 'empty':
        return isEmpty(value) === (operand === true);
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const diff = order(value, operand as Scalar);
        if (diff === null) return false;
        return op === 'lt' ? diff < 0 : op === 'lte' ? diff <= 0 : op === 'gt' ? diff > 0 : diff >= 0;
      }
      default:
        return false;
    }
  });
}

/** True when every entry of `when` holds; `lookup` gives the value of `answer` or a variable. */
export function holds(when: Record<string, Matcher>, lookup: (key: string) => Value): boolean {
  return Object.entries(when).every(([key, matcher]) => matches(lookup(key), matcher));
}
