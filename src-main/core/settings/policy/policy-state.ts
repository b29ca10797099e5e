import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { said, type InnerMessage, type Message } from '../../../contract';
import { ensurePrivateDir, openPrivateForWriting } from '../../files/private-files';
import type { Logger } from '../../log';
import type { PolicySource } from './policy-sources';
import { formatPolicyProblem, policyLayer, type PolicyProblem, type PolicyRefusal } from './policy-values';

/**
 * The policy a desk runs on, and why. A source that cannot be used as a whole (a syntax error, a
 * file that lost its root ownership) leaves the desk on the last policy it read without a
 * refusal, kept in the data folder: IT's mistake on a central file must neither stop 500 desks
 * nor unlock what it locked. No policy at all (no file, no key) is simply no policy.
 */
export const POLICY_LAST_GOOD_FILE = 'policy-last-good.json';

type Plain = Record<string, unknown>;

export interface PolicyState {
  /** Where the policy is looked for; null without a policy source. */
  where: string | null;
  layer: Plain;
  /** Dotted path → where it is written. Every such path is locked. */
  sources: Record<string, string>;
  problems: PolicyProblem[];
  refused: PolicyRefusal[];
  /** A source was refused and the desk runs on the policy saved at `savedAt`. */
  lastGood: { savedAt: number } | null;
}

export const noPolicy = (): PolicyState => ({ where: null, layer: {}, sources: {}, problems: [], refused: [], lastGood: null });

const savedSchema = z.object({
  where: z.string(),
  savedAt: z.number(),
  layer: z.record(z.string(), z.unknown()),
  sources: z.record(z.string(), z.string()),
});
type Saved = z.output<typeof savedSchema>;

export function resolvePolicy(source: PolicySource, dataDir: string | null, now: number): PolicyState {
  const read = source.read();
  const { layer, sources, problems } = policyLayer(read);
  const state: PolicyState = { where: source.where, layer, sources, problems: [...read.problems, ...problems], refused: read.refused, lastGood: null };
  if (!dataDir) return state;
  if (read.refused.length) {
    const saved = readSaved(dataDir, source.where);
    return saved ? { ...state, layer: saved.layer, sources: saved.sources, lastGood: { savedAt: saved.savedAt } } : state;
  }
  if (read.read.length) save(dataDir, { where: source.where, savedAt: now, layer, sources });
  // IT removed the policy: a broken one pushed later must not bring back what IT let go.
  else fs.rmSync(path.join(dataDir, POLICY_LAST_GOOD_FILE), { force: true });
  return state;
}

function readSaved(dataDir: string, where: string): Saved | null {
  try {
    const saved = savedSchema.parse(JSON.parse(fs.readFileSync(path.join(dataDir, POLICY_LAST_GOOD_FILE), 'utf8')));
    return saved.where === where ? saved : null;
  } catch {
    return null;
  }
}

/** Written only when the policy changed, so a start costs no write; owner-only like the data folder. */
function save(dataDir: string, saved: Saved): void {
  const previous = readSaved(dataDir, saved.where);
  if (previous && JSON.stringify([previous.layer, previous.sources]) === JSON.stringify([saved.layer, saved.sources])) return;
  ensurePrivateDir(dataDir);
  const target = path.join(dataDir, POLICY_LAST_GOOD_FILE);
  const fd = openPrivateForWriting(`${target}.tmp`);
  try {
    fs.writeSync(fd, JSON.stringify(saved, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(`${target}.tmp`, target);
}

/** What the agent passes on to IT: a refused source (with its reason), and keys left out. */
export function policyNotices(state: PolicyState): Message[] {
  const notices: Message[] = state.refused.map((r) =>
    state.lastGood
      ? said('policy.lastGood', { source: r.source, reason: r.reason as InnerMessage })
      : said('policy.refused', { source: r.source, reason: r.reason as InnerMessage }),
  );
  if (state.problems.length) {
    const keys = [...new Set(state.problems.map((p) => (p.key ? `${p.source.split(/[\\/]/).at(-1) ?? ''}: ${p.key}` : p.source)))];
    notices.push(said('policy.ignored', { count: state.problems.length, keys: keys.join(', ') }));
  }
  return notices;
}

/** One log line per refusal and per problem, with its place, as `anlauf policy validate` prints them. */
export function logPolicy(state: PolicyState, logger: Logger): void {
  for (const r of state.refused) {
    logger.log(
      'error',
      state.lastGood ? 'the machine policy cannot be used; running on its last good version' : 'the machine policy cannot be used; running without it',
      { source: r.source, problem: formatPolicyProblem(r), ...(state.lastGood ? { savedAt: new Date(state.lastGood.savedAt).toISOString() } : {}) },
    );
  }
  for (const p of state.problems) logger.log('warn', `machine policy: ${formatPolicyProblem(p)}`, { source: p.source });
  if (Object.keys(state.sources).length) logger.log('info', 'machine policy applied', { locked: Object.keys(state.sources) });
}
