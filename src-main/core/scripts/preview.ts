import { answerText, isEmptyAnswer } from './answers';
import { isSpecified } from './choices';
import { isGridAnswer, lacksAnswer, openItems } from './grid';
import { markdownToPlain } from '../../shared/markdown';
import type { AnswerValue, QuestionNode, Script, ScriptNode } from './model';
import { ScriptSession } from './session';
import { valueText } from './values';
import { isClose, type ScriptContext } from './variables';

/** Sample call data for previews without a call. */
export const SAMPLE_CONTEXT: ScriptContext = {
  customer: {
    firstName: 'Erika',
    lastName: 'Mustermann',
    salutation: 'female',
    customerNumber: 'K-100234',
    email: 'erika.mustermann@example.de',
    postcode: '20095',
    city: 'Hamburg',
    phone: '+49 40 1234567',
  },
  call: { number: '+49 40 1234567', concern: 'invoice', queue: 'support', dialedNumber: '+49 40 9999000', direction: 'inbound' },
  client: { name: 'Stadtwerke Nord', id: 'stadtwerke-nord' },
  agent: { name: 'Alex Berger' },
};

const INPUT_WORDS: Record<QuestionNode['input'], string> = {
  single: 'single choice',
  multiple: 'multiple choice',
  text: 'text',
  number: 'number',
  date: 'date',
  yesno: 'yes/no',
  rating: 'rating',
  time: 'time',
  datetime: 'date and time',
  grid: 'grid',
};

const MAX_STEPS = 500;

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

function describeQuestion(q: QuestionNode): string {
  const parts = [INPUT_WORDS[q.input], q.required ? 'required' : 'optional'];
  if (q.input === 'rating') parts.push(`${q.min ?? 1}–${q.max ?? 5}`);
  else if (q.min !== null || q.max !== null) parts.push(`${q.min ?? ''}…${q.max ?? ''}`);
  if (q.minDate || q.maxDate) parts.push(`${q.minDate ?? ''}…${q.maxDate ?? ''}`);
  if (q.pattern) parts.push(`pattern ${q.pattern}`);
  if (q.minLabel || q.maxLabel) parts.push(`${q.min ?? 1} = ${q.minLabel ?? '…'}, ${q.max ?? 5} = ${q.maxLabel ?? '…'}`);
  if (q.shuffle) parts.push('options shuffled per call');
  if (q.callback) parts.push('callback time for the wrap-up');
  return parts.join(', ');
}

/** How an option reads in the preview: its value, label, and what it does beyond being picked. */
function optionLine(o: QuestionNode['options'][number], label: string): string {
  const marks = [o.specify ? 'asks "please specify"' : '', o.exclusive ? 'excludes the others' : '', o.fixed ? 'stays in place' : ''].filter(Boolean);
  return `- ${o.value}: ${label}${marks.length ? ` (${marks.join(', ')})` : ''}${o.next ? ` → ${o.next}` : ''}`;
}

/** What a preview found wrong with the answers it was given; the CLI exits non-zero on any. */
export interface PreviewResult {
  text: string;
  /** Answers refused by their question, with why. */
  rejected: { id: string; given: unknown; error: string }[];
  /** Ids in the answers that name no question of the script. */
  unknown: string[];
}

const norm = (v: unknown) => String(v).trim().toLowerCase();
const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/**
 * A given choice as the option value(s) it means: values or labels (as written or filled in),
 * ignoring case, so a trainer may write what the agent sees. Anything else is passed on as given,
 * for the question's own check to refuse with its sentence.
 */
function resolveChoice(q: QuestionNode, given: unknown, session: ScriptSession): unknown {
  if (q.input !== 'single' && q.input !== 'multiple' && q.input !== 'grid') return given;
  const one = (v: unknown) => {
    if (typeof v !== 'string' && typeof v !== 'number') return v;
    const option = q.options.find((o) => [o.value, o.label, markdownToPlain(session.interpolate(o.label))].some((w) => norm(w) === norm(v)));
    return option ? option.value : v;
  };
  // A grid: each line's value as an option of its scale; a choice with "other": its choice.
  if (q.input === 'grid') return isGridAnswer(given) ? Object.fromEntries(Object.entries(given).map(([item, v]) => [item, one(v)])) : given;
  if (isSpecified(given)) return { ...given, choice: Array.isArray(given.choice) ? given.choice.map(one) : one(given.choice) };
  // A multiple choice written as the agent picks it: ["Telefon", {"choice": "Andere", "other": "Brief"}].
  const specified = Array.isArray(given) ? given.filter(isSpecified) : [];
  if (Array.isArray(given) && specified.length === 1 && typeof specified[0]?.choice === 'string') {
    const other = specified[0];
    return { choice: given.map((v) => (v === other ? one(other.choice) : one(v))), other: other.other };
  }
  return Array.isArray(given) ? given.map(one) : one(given);
}

/** A question id close to a misspelt one, for the "did you mean". */
function closeQuestion(script: Script, id: string): string | undefined {
  return [...script.nodes.values()].find((n) => n.type === 'question' && isClose(n.id, id))?.id;
}

/**
 * A readable walk through a script for trainers: the nodes on the path the given answers take,
 * with the sample data filled in. Nothing is invented: an optional question without an answer is
 * left unanswered (and said so), and the walk stops at a required question without one.
 */
export function previewScript(script: Script, options: { context?: ScriptContext; answers?: Record<string, unknown> } = {}): string {
  return walkPreview(script, options).text;
}

export function walkPreview(script: Script, options: { context?: ScriptContext; answers?: Record<string, unknown> } = {}): PreviewResult {
  const context = options.context ?? SAMPLE_CONTEXT;
  const answers = options.answers ?? {};
  const session = new ScriptSession(script, context);
  const rejected: PreviewResult['rejected'] = [];
  const assumed: string[] = [];
  const unknown = Object.keys(answers).filter((id) => script.nodes.get(id)?.type !== 'question');
  const lines: string[] = [];
  const version = script.version === null ? '' : ` v${script.version}`;
  lines.push(
    `${script.title}${version} — script ${script.id}, campaign ${script.campaign}${script.client ? `, client ${script.client}` : ''}, language ${script.language}, ${script.nodes.size} nodes`,
  );
  const customer = context.customer ?? {};
  lines.push(
    `Sample data: customer ${session.interpolate('{{customer.name|(none)}}')}${customer.customerNumber ? ` (${customer.customerNumber})` : ''}, client ${session.interpolate('{{client.name|(none)}}')}, agent ${session.interpolate('{{agent.name|(none)}}')}`,
  );
  for (const id of unknown) {
    const close = closeQuestion(script, id);
    lines.push(`! --answers names "${id}", which is no question of this script${close ? ` (did you mean "${close}"?)` : ''}; its answer is not used`);
  }

  let section: string | null = null;
  let stopped: string | null = null;
  const visits = new Map<string, number>();
  for (let step = 0; step < MAX_STEPS; step++) {
    const node: ScriptNode = session.current;
    if (node.section !== section) {
      section = node.section;
      const title = script.sections.find((s) => s.id === section)?.title;
      lines.push('', `== ${title ? `${title} (${section})` : section} ==`);
    }
    const seen = visits.get(node.id) ?? 0;
    const given = Object.hasOwn(answers, node.id);
    if (seen >= 1 && !given) {
      lines.push(`[${node.id}] (the walk comes back here; the preview stops)`);
      break;
    }
    visits.set(node.id, seen + 1);
    const text = markdownToPlain(session.text(node));
    if (node.type === 'say') {
      lines.push(`[${node.id}]`, indent(text));
      if (node.hint) lines.push(indent(`(hint: ${markdownToPlain(session.interpolate(node.hint))})`));
      if (node.form) lines.push(indent(`(offers the form ${node.form}: "Open form: …")`));
    } else if (node.type === 'end') {
      lines.push(`[${node.id}] END${node.disposition ? ` — suggested disposition: ${node.disposition}` : ''}`);
      if (text) lines.push(indent(text));
      break;
    } else {
      lines.push(`[${node.id}] QUESTION (${describeQuestion(node)})`, indent(text));
      if (node.help) lines.push(indent(`(help: ${markdownToPlain(session.interpolate(node.help))})`));
      if (node.form) lines.push(indent(`(offers the form ${node.form}: "Open form: …")`));
      if (node.options.length) for (const o of node.options) lines.push(indent(optionLine(o, markdownToPlain(session.interpolate(o.label))), '      '));
      for (const item of node.items) lines.push(indent(`* line ${item.id}: ${markdownToPlain(session.interpolate(item.label))}`, '      '));
      if (given) {
        const answered = session.answer(resolveChoice(node, answers[node.id], session));
        if (!answered.ok) {
          rejected.push({ id: node.id, given: answers[node.id], error: answered.error });
          lines.push(indent(`! the answer ${shown(answers[node.id])} is refused: ${answered.error}`));
        }
      }
      const value: AnswerValue | null = session.answerOf(node.id);
      if (node.required && value !== null && lacksAnswer(node, value, isEmptyAnswer)) {
        lines.push(indent(`→ answer: ${answerText(node, value, script.language)}`));
        stopped = node.id;
        lines.push(indent(`→ lines without an answer: ${openItems(node, value).join(', ')}; the preview stops here, because "${node.id}" is required`));
        break;
      }
      if (value !== null) {
        lines.push(indent(`→ answer: ${answerText(node, value, script.language)}`));
      } else if (node.required) {
        stopped = node.id;
        lines.push(indent(`→ no answer: the preview stops here, because "${node.id}" is required; give its answer with --answers '{"${node.id}": …}'`));
        break;
      } else {
        assumed.push(node.id);
        lines.push(indent('→ no answer (assumed: left unanswered, so the default way on)'));
      }
    }
    const moved = session.next({ skipRequired: true });
    if (!moved.ok) {
      lines.push(indent(`! ${moved.error}`));
      break;
    }
  }
  lines.push('', `Path: ${session.path.join(' → ')}`);
  if (stopped) lines.push(`Stopped at: ${stopped} (required, no answer)`);
  const missing = session.missingRequired();
  lines.push(`Required questions without an answer: ${missing.length ? missing.map((q) => q.id).join(', ') : 'none'}`);
  lines.push(`Assumed unanswered: ${assumed.length ? assumed.join(', ') : 'none'}`);
  lines.push(`Refused answers: ${rejected.length ? rejected.map((r) => `${r.id} = ${shown(r.given)} (${r.error})`).join('; ') : 'none'}`);
  if (unknown.length) lines.push(`Unknown ids in --answers: ${unknown.join(', ')}`);
  if (script.values.length) {
    const values = session.values();
    lines.push(
      `Calculated values: ${script.values.map((v) => `${v.id} = ${valueText(values.get(v.id) ?? null, script.language) || '(nothing answered)'}`).join(', ')}`,
    );
  }
  const unused = Object.keys(answers).filter((id) => !unknown.includes(id) && !visits.has(id));
  if (unused.length) lines.push(`Answers not used (the walk did not reach them): ${unused.join(', ')}`);
  if (session.suggestedDisposition) lines.push(`Suggested disposition: ${session.suggestedDisposition}`);
  return { text: lines.join('\n') + '\n', rejected, unknown };
}
