import type { CallLogEntry, PopCustomer, ScriptNodeView, ScriptView } from '../../contract';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import { errorForLog, type Logger } from '../log';
import { answerText } from './answers';
import type { ScriptLibrary } from './library';
import { markdownToPlain } from '../../shared/markdown';
import { epochOfLocal } from './moments';
import type { ChoiceOption, Script, ScriptNode } from './model';
import { SAMPLE_CONTEXT } from './preview';
import { variantFor } from './languages';
import { ScriptSession, type SessionState } from './session';
import { valueText } from './values';
import type { ScriptContext } from './variables';

/** The session id of a script walked without a call. */
export const PREVIEW_SESSION = 'preview';

/** What a script's variables are filled from on a call. */
export interface CallFacts {
  remoteNumber: string;
  dialedNumber: string | null;
  direction: 'inbound' | 'outbound';
  concern: string | null;
  queue: string | null;
  client: { id: string; name: string } | null;
  campaign: { id: string; name: string } | null;
  customer: PopCustomer | null;
  agentName: string | null;
  /** The language the call is held in (IVR, customer, campaign, client: core/calls/call-language.ts), for scripts with language variants. */
  language?: string | null;
}

export function scriptContext(facts: CallFacts): ScriptContext {
  const customer = facts.customer;
  const [firstName, ...rest] = (customer?.name ?? '').trim().split(/\s+/);
  return {
    customer: customer
      ? {
          name: customer.name,
          salutation: customer.salutation ?? null,
          firstName: firstName || null,
          lastName: rest.length > 0 ? rest.join(' ') : null,
          customerNumber: customer.customerNumber,
          email: customer.email,
          postcode: customer.postcode,
          city: customer.city,
          phone: customer.phones[0] ?? null,
        }
      : {},
    call: { number: facts.remoteNumber, dialedNumber: facts.dialedNumber, direction: facts.direction, concern: facts.concern, queue: facts.queue },
    client: facts.client ? { id: facts.client.id, name: facts.client.name } : {},
    campaign: facts.campaign ? { id: facts.campaign.id, name: facts.campaign.name } : {},
    agent: { name: facts.agentName },
  };
}

interface Entry {
  session: ScriptSession;
  /** What the call's script was chosen by, so a language learnt before the first step can choose again. */
  chosenBy: { campaignId: string; clientId: string | null; language: string | null } | null;
  /** Kept with the call on every step, so a restart or crash loses no answer. */
  persist: ((session: ScriptSession) => void) | null;
}

/** What the Dispatcher may ask of the script walks: a step on, a step back, the trainer's preview. */
export interface IScriptWalks {
  next(sessionId: string, value: unknown): void;
  back(sessionId: string): void;
  preview(scriptId: string, version: number | undefined, customer: Record<string, string> | undefined): void;
  release(sessionId: string): void;
}

/**
 * The scripts being walked: one per call whose campaign has a loaded script, and the trainer's
 * preview. A call's walk outlives the call (the wrap-up needs its answers) until it is released.
 */
export class ScriptSessions implements IScriptWalks {
  private readonly sessions = new Map<string, Entry>();
  private readonly changed = new Emitter<void>();
  /** A walk the agent or trainer moved, opened or closed (the renderers show every step). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly library: ScriptLibrary,
    private readonly logger: Logger,
    private readonly persist: (
      callId: string,
      script: { id: string; version: number | null; title: string },
      state: SessionState,
      answers: CallLogEntry['answers'],
    ) => void,
  ) {}

  /** The title of a loaded client form in a language (the forms are a layer above; the workstation wires it), null when none is loaded. */
  formTitle: (formId: string, language: string) => string | null = () => null;

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  /** Starts the campaign's script for a call (nothing when none is loaded for it). */
  startForCall(callId: string, campaignId: string, clientId: string | null, facts: CallFacts, restore?: unknown): void {
    if (this.sessions.has(callId)) return;
    let script: Script | null;
    try {
      script = this.scriptFor(campaignId, clientId, restore, facts.language);
    } catch (error) {
      this.logger.log('error', 'the call script could not be opened', { callId, campaign: campaignId, error: errorForLog(error) });
      return;
    }
    if (!script) return;
    script = variantFor(script, facts.language);
    let session = new ScriptSession(script, scriptContext(facts));
    if (isState(restore)) {
      try {
        session = ScriptSession.restore(script, scriptContext(facts), restore);
      } catch (error) {
        this.logger.log('warn', 'the saved script walk could not be restored; it starts again', { callId, error: errorForLog(error) });
      }
    }
    const entry: Entry = {
      session,
      chosenBy: { campaignId, clientId, language: facts.language ?? null },
      persist: (s) => this.persist(callId, { id: s.script.id, version: s.script.version, title: s.script.title }, s.state(), answersOf(s)),
    };
    this.sessions.set(callId, entry);
    this.save(callId, entry);
  }

  /**
   * The customer became known (or another was picked): the variables follow. When that changed
   * the call's language (the customer's own) and the agent has not yet taken a step, the script
   * is chosen again in that language: the screen-pop usually answers while the call still rings.
   */
  updateFacts(sessionId: string, facts: CallFacts): void {
    const entry = this.sessions.get(sessionId);
    if (!entry) return;
    const chosen = entry.chosenBy;
    const language = facts.language ?? null;
    if (chosen && language !== chosen.language && untouched(entry.session)) {
      let script: Script | null = null;
      try {
        script = this.library.current(chosen.campaignId, chosen.clientId, language ?? undefined);
      } catch (error) {
        this.logger.log('warn', "the call script in the customer's language could not be opened; the first one stays", {
          callId: sessionId,
          error: errorForLog(error),
        });
      }
      chosen.language = language;
      if (script) {
        const variant = variantFor(script, language);
        if (variant.id !== entry.session.script.id || variant.language !== entry.session.script.language) {
          entry.session = new ScriptSession(variant, scriptContext(facts));
          this.save(sessionId, entry);
          this.changed.fire();
          return;
        }
      }
    }
    entry.session.updateContext(scriptContext(facts));
  }

  /** A script walked without a call, with sample customer data (or the given fields). */
  preview(scriptId: string, version: number | undefined, customer: Record<string, string> | undefined): void {
    const script = version === undefined ? this.latest(scriptId) : this.library.get(scriptId, version);
    if (!script)
      throw version === undefined
        ? new AnlaufError('script.notLoaded', { scriptId }, 'not-found')
        : new AnlaufError('script.versionNotLoaded', { scriptId, version }, 'not-found');
    const context: ScriptContext = { ...SAMPLE_CONTEXT, customer: { ...SAMPLE_CONTEXT.customer, ...(customer ?? {}) } };
    this.sessions.set(PREVIEW_SESSION, { session: new ScriptSession(script, context), chosenBy: null, persist: null });
    this.changed.fire();
  }

  next(sessionId: string, value: unknown): void {
    const entry = this.must(sessionId);
    const node = entry.session.current;
    if (node.type === 'question' && value !== undefined) {
      const answered = entry.session.answer(value);
      if (!answered.ok) throw new AnlaufError('script.refused', { detail: answered.error }, 'invalid');
    }
    const step = entry.session.next();
    if (!step.ok) throw new AnlaufError('script.refused', { detail: step.error }, 'conflict');
    this.save(sessionId, entry);
    this.changed.fire();
  }

  back(sessionId: string): void {
    const entry = this.must(sessionId);
    if (!entry.session.back()) throw new AnlaufError('script.firstStep', {}, 'conflict');
    this.save(sessionId, entry);
    this.changed.fire();
  }

  /** The walk's answers as text, for the call log. */
  answers(sessionId: string): CallLogEntry['answers'] {
    const entry = this.sessions.get(sessionId);
    return entry ? answersOf(entry.session) : [];
  }

  /**
   * Required questions without an answer that block the wrap-up: those the agent reached, and for
   * a survey also those still ahead on the way the answers so far lead.
   */
  missingRequired(sessionId: string): { id: string; text: string }[] {
    const entry = this.sessions.get(sessionId);
    return entry ? missingOf(entry.session) : [];
  }

  suggested(sessionId: string): string | null {
    return this.sessions.get(sessionId)?.session.suggestedDisposition ?? null;
  }

  /** The callback time the walk chose (a `callback` question on its path), as epoch ms, or null. */
  callbackAt(sessionId: string): number | null {
    const at = this.sessions.get(sessionId)?.session.callbackAt;
    return at ? epochOfLocal(at) : null;
  }

  release(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.changed.fire();
  }

  views(): Record<string, ScriptView> {
    const out: Record<string, ScriptView> = {};
    for (const [id, { session }] of this.sessions) {
      const view = viewOf(session);
      const form = view.current.form;
      if (form) view.current.form = { ...form, title: this.formTitle(form.formId, session.script.language) ?? form.formId };
      out[id] = view;
    }
    return out;
  }

  private scriptFor(campaignId: string, clientId: string | null, restore: unknown, language: string | null | undefined): Script | null {
    if (isState(restore) && restore.version !== null) {
      const saved = this.library.get(restore.scriptId, restore.version);
      if (saved) return saved;
    }
    // One file per language (support.de.yaml, support.en.yaml) for one campaign: the call's language picks.
    return this.library.current(campaignId, clientId, language ?? undefined);
  }

  private latest(scriptId: string): Script | null {
    const info = this.library.list().find((s) => s.scriptId === scriptId);
    return info ? this.library.get(info.scriptId, info.version) : null;
  }

  private save(sessionId: string, entry: Entry): void {
    try {
      entry.persist?.(entry.session);
    } catch (error) {
      // The walk goes on in memory; the agent is not stopped mid-call by a full disk.
      this.logger.log('error', 'the script walk could not be saved', { callId: sessionId, error: errorForLog(error) });
    }
  }

  private must(sessionId: string): Entry {
    const entry = this.sessions.get(sessionId);
    if (!entry)
      throw sessionId === PREVIEW_SESSION ? new AnlaufError('script.noPreview', {}, 'not-found') : new AnlaufError('script.noScript', {}, 'not-found');
    return entry;
  }
}

/** The agent has neither answered nor moved on: the walk may start again in another script. */
function untouched(session: ScriptSession): boolean {
  const state = session.state();
  return state.path.length <= 1 && Object.keys(state.answers).length === 0;
}

function missingOf(session: ScriptSession): { id: string; text: string }[] {
  const missing = session.missingRequired();
  if (session.script.survey && !session.ended) {
    // Walk a copy forward without answering; unanswered questions are passed over so the way
    // ahead is the one the answers given so far (and the defaults) lead.
    const ahead = ScriptSession.restore(session.script, {}, session.state());
    for (let steps = 0; steps < session.script.nodes.size && !ahead.ended; steps++) {
      if (!ahead.next({ skipRequired: true }).ok) break;
    }
    const seen = new Set(missing.map((q) => q.id));
    for (const q of ahead.missingRequired()) if (!seen.has(q.id)) missing.push(q);
  }
  return missing.map((q) => ({ id: q.id, text: firstLine(session.text(q)) }));
}

function isState(value: unknown): value is SessionState {
  return typeof value === 'object' && value !== null && typeof (value as SessionState).scriptId === 'string' && Array.isArray((value as SessionState).path);
}

function firstLine(markdown: string): string {
  const plain = markdownToPlain(markdown).trim();
  const line = plain.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function answersOf(session: ScriptSession): CallLogEntry['answers'] {
  const out: CallLogEntry['answers'] = [];
  for (const id of session.path) {
    const node = session.script.nodes.get(id);
    const value = session.answerOnPath(id);
    if (node?.type !== 'question' || value === undefined) continue;
    const entry: CallLogEntry['answers'][number] = {
      id,
      question: firstLine(session.text(node)),
      answer: answerText(node, value, session.script.language),
      value,
    };
    // The order the options were offered in, for the market researcher (see docs/scripts.md).
    if (session.shuffled(id)) entry.order = session.optionOrder(id);
    out.push(entry);
  }
  // Calculated values go with the answers they were made from, so the log and the backend keep
  // the score the branches used; `values.` ids never clash with a question id (no dots there).
  const values = session.values();
  for (const v of session.script.values) {
    const value = values.get(v.id) ?? null;
    if (value !== null) out.push({ id: `values.${v.id}`, question: v.label ?? v.id, answer: valueText(value, session.script.language), value });
  }
  return out;
}

function nodeView(session: ScriptSession, node: ScriptNode): ScriptNodeView {
  const section = session.script.sections.find((s) => s.id === node.section);
  return {
    id: node.id,
    type: node.type,
    section: { id: node.section, title: section?.title ?? null },
    text: session.text(node),
    question:
      node.type === 'question'
        ? {
            input: node.input,
            required: node.required,
            options: session.optionOrder(node.id).map((value) => {
              const o = node.options.find((option) => option.value === value) as ChoiceOption;
              return { value: o.value, label: session.interpolate(o.label), specify: o.specify, exclusive: o.exclusive };
            }),
            min: node.min,
            max: node.max,
            minDate: node.minDate,
            maxDate: node.maxDate,
            help: node.help ? session.interpolate(node.help) : null,
            minLabel: node.minLabel ? session.interpolate(node.minLabel) : null,
            maxLabel: node.maxLabel ? session.interpolate(node.maxLabel) : null,
            items: node.items.map((item) => ({ id: item.id, label: session.interpolate(item.label) })),
          }
        : null,
    answer: node.type === 'question' ? session.answerOf(node.id) : null,
    hint: node.type === 'say' && node.hint ? session.interpolate(node.hint) : null,
    disposition: node.type === 'end' ? node.disposition : null,
    dispositionLabel: null,
    form: node.type !== 'end' && node.form ? { formId: node.form, title: node.form } : null,
  };
}

export function viewOf(session: ScriptSession): ScriptView {
  return {
    scriptId: session.script.id,
    version: session.script.version,
    title: session.script.title,
    language: session.script.language,
    current: nodeView(session, session.current),
    path: session.path.map((id) => {
      const node = session.script.nodes.get(id) as ScriptNode;
      const value = session.answerOnPath(id);
      return {
        id,
        type: node.type,
        text: firstLine(session.text(node)),
        answer: node.type === 'question' && value !== undefined ? answerText(node, value, session.script.language) : null,
      };
    }),
    canBack: session.canGoBack,
    ended: session.ended,
    missingRequired: missingOf(session),
  };
}
