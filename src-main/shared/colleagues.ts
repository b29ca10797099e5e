import type { ColleagueView } from '../contract';

type Colleague = Pick<ColleagueView, 'name' | 'skills' | 'languages' | 'presence' | 'call' | 'client'>;

/** Free to take a caller now: ready (or available, from another publisher) and no call ringing or under way. */
export function isFree(colleague: Pick<ColleagueView, 'presence' | 'call'>): boolean {
  return (colleague.presence === 'ready' || colleague.presence === 'available') && colleague.call !== 'ringing' && colleague.call !== 'onCall';
}

/** Free first, then those at work but busy, then away, then those whose state is not known or who are offline. */
function rank(colleague: Colleague): number {
  if (isFree(colleague)) return 0;
  switch (colleague.presence) {
    case 'ready':
    case 'available':
    case 'onCall':
    case 'wrapUp':
    case 'busy':
      return 1;
    case 'notReady':
    case 'away':
      return 2;
    default:
      return 3;
  }
}

/** The skills a call's concern (the IVR's `X-Concern`) asks for, by IT's `colleagues.concernSkills`. */
export function skillsForConcern(concern: string | null | undefined, rules: ReadonlyArray<{ concern: string; skill: string }>): string[] {
  if (!concern) return [];
  const said = concern.toLocaleLowerCase();
  return [...new Set(rules.filter((rule) => said.includes(rule.concern.toLocaleLowerCase())).map((rule) => rule.skill))];
}

/** The colleagues with one of `skills` (exactly, ignoring case), free ones first. */
export function colleaguesWithSkills<T extends Colleague>(entries: readonly T[], skills: readonly string[], client: string | null = null): T[] {
  const wanted = new Set(skills.map((s) => s.toLocaleLowerCase()));
  if (wanted.size === 0) return [];
  return searchColleagues(
    entries.filter((entry) => entry.skills.some((skill) => wanted.has(skill.toLocaleLowerCase()))),
    '',
    client,
  );
}

/**
 * The directory's entries that match `query` (every word in the name, a skill or a language; a
 * skill or language from its start), for `client` and those serving every client, free ones
 * first, each group in the directory's order.
 */
export function searchColleagues<T extends Colleague>(entries: readonly T[], query: string, client: string | null = null): T[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const found: Array<{ entry: T; rank: number; index: number }> = [];
  entries.forEach((entry, index) => {
    if (client !== null && entry.client !== null && entry.client !== client) return;
    if (words.length) {
      const name = entry.name.toLocaleLowerCase();
      const tags = [...entry.skills, ...entry.languages].map((t) => t.toLocaleLowerCase());
      if (!words.every((word) => name.includes(word) || tags.some((tag) => tag.startsWith(word)))) return;
    }
    found.push({ entry, rank: rank(entry), index });
  });
  return found.sort((a, b) => a.rank - b.rank || a.index - b.index).map((f) => f.entry);
}
