/** Edits (insert, delete, replace, swap of neighbours) between two words, case ignored. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const width = t.length + 1;
  // One flat table: cell (i, j) is the distance between s's first i and t's first j letters.
  const d = new Array<number>((s.length + 1) * width).fill(0);
  const at = (i: number, j: number) => d[i * width + j] ?? 0;
  for (let i = 0; i <= s.length; i++) d[i * width] = i;
  for (let j = 0; j <= t.length; j++) d[j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (s[i - 1] === t[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(s.length, t.length);
}

/**
 * The known name a mistyped one most likely meant (`websocketURL` → `websocketUrl`,
 * `blockedPrefix` → `blockedPrefixes`), or null when none is close: at most a third of the word
 * changed (two edits for short words). Ties go to the first candidate.
 */
export function closestName(word: string, candidates: readonly string[]): string | null {
  const allowed = Math.max(2, Math.floor(word.length / 3));
  let best: { name: string; edits: number } | null = null;
  for (const name of candidates) {
    if (name === word) continue;
    const edits = distance(word, name);
    if (edits <= allowed && (!best || edits < best.edits)) best = { name, edits };
  }
  return best?.name ?? null;
}
