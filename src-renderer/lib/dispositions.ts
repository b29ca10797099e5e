import type { DispositionView } from '../../src-main/contract';

/** The codes the agent can choose (those without children), in the tree's order. */
export function leafDispositions(tree: readonly DispositionView[]): DispositionView[] {
  return tree.flatMap((node) => (node.children.length > 0 ? leafDispositions(node.children) : [node]));
}

/** The code a key press chooses (hotkeys compare without case), or undefined. */
export function dispositionForKey(tree: readonly DispositionView[], key: string): DispositionView | undefined {
  if (key.length !== 1) return undefined;
  const wanted = key.toLowerCase();
  return leafDispositions(tree).find((node) => node.hotkey !== null && node.hotkey.toLowerCase() === wanted);
}

export function findDisposition(tree: readonly DispositionView[], code: string | null): DispositionView | undefined {
  if (code === null) return undefined;
  return leafDispositions(tree).find((node) => node.code === code);
}

/** Whether a group holds this code somewhere below it (so it opens to show the suggestion). */
export function groupHolds(group: DispositionView, code: string | null): boolean {
  return code !== null && leafDispositions(group.children).some((node) => node.code === code);
}

/** The test id part of a code: spaces become dashes. */
export function codeId(code: string): string {
  return code.replace(/\s+/g, '-');
}
