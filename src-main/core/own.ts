/**
 * A value a record holds itself, never one it inherits. Scripts, settings and CSV headers let
 * people write the keys we look up, and every plain object answers to `constructor`,
 * `toString` or `__proto__`: `key in record` and `record[key]` would find those built-ins and
 * hand a function (or Object.prototype) to code that expects text.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}
