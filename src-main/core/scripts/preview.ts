import { answerText } from './answers';
import { markdownToPlain } from './markdown';
import type { AnswerValue, QuestionNode, Script, ScriptNode } from './model';
import { ScriptSession } from './session';
import type { ScriptContext } from './variables';

/** Sample call data for previews without a call. */
export const SAMPLE_CONTEXT: ScriptContext = {
  customer: {
    firstName: 'Erika',
    lastName: 'Mustermann',
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
  return parts.join(', ');
}

/**
 * A readable walk through a script for trainers: the nodes on the path the given answers take
 * (the default path where none are given), with the sample data filled in.
 */
export function previewScript(script: Script, options: { context?: ScriptContext; answers?: Record<string, unknown> } = {}): string {
  const context = options.context ?? SAMPLE_CONTEXT;
  const answers = options.answers ?? {};
  const session = new ScriptSession(script, context);
  const lines: string[] = [];
  const version = script.version === null ? '' : ` v${script.version}`;
  lines.push(`${script.title}${version} — script ${script.id}, campaign ${script.campaign}${script.client ? `, client ${script.client}` : ''}, language ${script.language}, ${script.nodes.size} nodes`);
  const customer = context.customer ?? {};
  lines.push(`Sample data: customer ${session.interpolate('{{customer.name|(none)}}')}${customer.customerNumber ? ` (${customer.customerNumber})` : ''}, client ${session.interpolate('{{client.name|(none)}}')}, agent ${session.interpolate('{{agent.name|(none)}}')}`);

  let section: string | null = null;
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
    } else if (node.type === 'end') {
      lines.push(`[${node.id}] END${node.disposition ? ` — suggested disposition: ${node.disposition}` : ''}`);
      if (text) lines.push(indent(text));
      break;
    } else {
      lines.push(`[${node.id}] QUESTION (${describeQuestion(node)})`, indent(text));
      if (node.help) lines.push(indent(`(help: ${markdownToPlain(session.interpolate(node.help))})`));
      if (node.options.length) for (const o of node.options) lines.push(indent(`- ${o.value}: ${markdownToPlain(session.interpolate(o.label))}${o.next ? ` → ${o.next}` : ''}`, '      '));
      if (given) {
        const answered = session.answer(answers[node.id]);
        if (!answered.ok) lines.push(indent(`! the answer ${JSON.stringify(answers[node.id])} is refused: ${answered.error}`));
      }
      if (session.peekNext() === null && node.options[0]) {
        // No default way on: every option has its own, so the preview takes the first.
        session.answer(node.input === 'multiple' ? [node.options[0].value] : node.options[0].value);
      }
      if (node.input === 'yesno' && session.peekNext() === null) session.answer(true);
      const value: AnswerValue | null = session.answerOf(node.id);
      lines.push(indent(value === null ? '→ (no answer: default way on)' : `→ answer: ${answerText(node, value, script.language)}`));
    }
    const moved = session.next({ skipRequired: true });
    if (!moved.ok) {
      lines.push(indent(`! ${moved.error}`));
      break;
    }
  }
  lines.push('', `Path: ${session.path.join(' → ')}`);
  const missing = session.missingRequired();
  lines.push(`Required questions without an answer: ${missing.length ? missing.map((q) => q.id).join(', ') : 'none'}`);
  if (session.suggestedDisposition) lines.push(`Suggested disposition: ${session.suggestedDisposition}`);
  return lines.join('\n') + '\n';
}
