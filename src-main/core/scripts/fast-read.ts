import { CORE_SCHEMA, load } from 'js-yaml';

/**
 * The data of a script file read with js-yaml, about five times faster than the `yaml` package's
 * document model (docs/benchmarks.md: 89 ms against 360–480 ms for a 2 000-node script). The
 * `yaml` document stays the reference: it gives every position of a problem and the plain words
 * for a layout mistake, and the loader builds it whenever this returns null or a problem needs a
 * position. So this reads only files both parsers surely read alike, and gives up on anything
 * else; a file it reads well and the checks pass never needs the slow document at all.
 */
export interface FastRead {
  value: unknown;
  /** Where each mapping and list starts (offset in the text), for the nodes' line numbers. */
  starts: WeakMap<object, number>;
}

/**
 * What the two parsers may read differently, or what only the document model handles: anchors
 * (and with them aliases, which js-yaml would share rather than copy), includes, and numbers
 * YAML 1.1 wrote with `_` or `0b`, which js-yaml's core schema still takes as numbers.
 */
const NOT_FOR_FAST = /(?:^|[\s[{,:-])&\S|\binclude\s*:|\d_\d|\b0b[01]/m;

export function fastRead(text: string): FastRead | null {
  if (NOT_FOR_FAST.test(text)) return null;
  const open: number[] = [];
  const starts = new WeakMap<object, number>();
  try {
    const value = load(text, {
      schema: CORE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          open.push(state.position);
          return;
        }
        const start = open.pop();
        const result: unknown = state.result;
        if (start !== undefined && result !== null && typeof result === 'object') starts.set(result, start);
      },
    });
    return { value, starts };
  } catch {
    // Duplicate keys, a layout mistake, an unknown tag…: the document model says what it is.
    return null;
  }
}
