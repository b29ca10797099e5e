/**
 * A value a record holds itself, never one it inherits. Scripts, settings and CSV headers let
 * people write the keys we look up, and every plain object answers to `constructor`,
 * `toString` or `__proto__`: `key in record` and `record[key]` would find those built-ins and
 * hand a function (or Object.prototype) to code that expects text.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Sets `key` as the record's own property, whatever its name: `record['__proto__'] = value`
 * would change the record's prototype (or, for text, do nothing) instead of keeping a column.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
