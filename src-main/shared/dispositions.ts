import type { DispositionSetting, DispositionView } from '../contract';

/**
 * A disposition set as configured (bare codes, or objects with labels, hotkeys and groups) turned
 * into what the wrap-up shows: every code with a label, and hotkeys `1`…`9` given to the codes
 * that can be chosen (those without children) in reading order, unless they were configured.
 */
export function dispositionTree(settings: readonly DispositionSetting[]): DispositionView[] {
  const taken = new Set<string>();
  const collect = (items: readonly DispositionSetting[]) => {
    for (const item of items) {
      if (typeof item !== 'string') {
        if (item.hotkey) taken.add(item.hotkey.toLowerCase());
        collect(item.children ?? []);
      }
    }
  };
  collect(settings);
  let nextDigit = 1;
  const freeDigit = (): string | null => {
    while (nextDigit <= 9 && taken.has(String(nextDigit))) nextDigit++;
    if (nextDigit > 9) return null;
    const key = String(nextDigit++);
    taken.add(key);
    return key;
  };
  // A group's kind carries over to its codes: "No contact › Busy" is not surveyed when "No contact" is not.
  const build = (items: readonly DispositionSetting[], inherited: { callback: boolean; notSurveyed: boolean }): DispositionView[] =>
    items.map((item) => {
      const spec = typeof item === 'string' ? { code: item } : item;
      const kind = { callback: spec.callback ?? inherited.callback, notSurveyed: spec.notSurveyed ?? inherited.notSurveyed };
      const hotkey = spec.hotkey ?? (spec.children && spec.children.length > 0 ? null : freeDigit());
      const children = build(spec.children ?? [], kind);
      return { code: spec.code, label: spec.label ?? capitalise(spec.code), hotkey, ...kind, children };
    });
  return build(settings, { callback: false, notSurveyed: false });
}

/** The codes an agent can choose (no groups), with their path of labels (`Sale › Contract`). */
export function choosable(tree: readonly DispositionView[], parents: string[] = []): (DispositionView & { path: string })[] {
  return tree.flatMap((item) =>
    item.children.length > 0 ? choosable(item.children, [...parents, item.label]) : [{ ...item, path: [...parents, item.label].join(' › ') }],
  );
}

/** The code among the choosable ones (codes compare without case), or undefined (also for no code). */
export function findDisposition(tree: readonly DispositionView[], code: string | null): (DispositionView & { path: string }) | undefined {
  if (code === null) return undefined;
  const wanted = code.trim().toLowerCase();
  return choosable(tree).find((item) => item.code.toLowerCase() === wanted);
}

/** The code a key press chooses (hotkeys compare without case), or undefined. */
export function dispositionForKey(tree: readonly DispositionView[], key: string): DispositionView | undefined {
  if (key.length !== 1) return undefined;
  const wanted = key.toLowerCase();
  return choosable(tree).find((node) => node.hotkey !== null && node.hotkey.toLowerCase() === wanted);
}

/** Whether a group holds this code somewhere below it (so it opens to show the suggestion). */
export function groupHolds(group: DispositionView, code: string | null): boolean {
  return code !== null && choosable(group.children).some((node) => node.code === code);
}

/** Whether a code shows the label derived from it, i.e. its settings gave it none of its own. */
export function hasDerivedLabel(disposition: { code: string; label: string }): boolean {
  return disposition.label === capitalise(disposition.code);
}

function capitalise(code: string): string {
  return code.charAt(0).toUpperCase() + code.slice(1);
}
