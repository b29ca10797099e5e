import { answerText, checkAnswer, isEmptyAnswer, messagesFor } from './answers';
import { choiceOf, drawOrder, fitsOrder } from './choices';
import { holds } from './conditions';
import { isGridAnswer, lacksAnswer, openItems, splitItem } from './grid';
import { localMinute } from './moments';
import type { AnswerValue, QuestionNode, Script, ScriptNode, Section } from './model';
import { EMPTY, tidyEmpty } from './empty-values';
import { addressOf, parseSalutation, salutationWord } from './salutation';
import { computeValues, valueText } from './values';
import { ANSWERS_NAMESPACE, VALUES_NAMESPACE, findVariables, lookupContext, type ScriptContext, type VariableRef } from './variables';

export interface SessionOptions {
  /** Today as YYYY-MM-DD, for date questions limited by `today`. */
  today?: () => string;
  /** Now as local YYYY-MM-DD HH:MM, for time and date-time questions limited by `now`. */
  now?: () => string;
  /** Draws the option order of shuffling questions (Math.random by default). */
  random?: () => number;
  /** What a variable without a value and without a `| fallback` shows; default `[customer.firstName]`. */
  missing?: (ref: VariableRef) => string;
}

/** What a session can be saved as and restored from (e.g. across a renderer reload). */
export interface SessionState {
  scriptId: string;
  version: number | null;
  path: string[];
  answers: Record<string, AnswerValue>;
  /** The option order drawn for each shuffling question, so a reload shows the same order. */
  orders?: Record<string, string[]>;
}

export type StepResult = { ok: true; node: ScriptNode } | { ok: false; error: string };

const localToday = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/**
 * One walk through a script during a call. Pure: no I/O, no clock except `today` for date limits.
 * Answers are kept by question id even when the agent goes back, so walking forward again shows
 * them pre-filled; only answers on the current path count (`answers()`, `missingRequired()`).
 */
export class ScriptSession {
  private readonly trail: string[];
  private readonly kept = new Map<string, AnswerValue>();
  private context: ScriptContext;
  private readonly today: () => string;
  private readonly missing: (ref: VariableRef) => string;
  private readonly now: () => string;
  private readonly orders = new Map<string, string[]>();

  constructor(
    readonly script: Script,
    context: ScriptContext = {},
    options: SessionOptions = {},
  ) {
    this.context = context;
    this.trail = [script.start];
    this.today = options.today ?? localToday;
    this.missing = options.missing ?? ((ref) => `[${ref.name}]`);
    this.now = options.now ?? (() => localMinute(new Date()));
    // Drawn once per walk: the order differs per call and stays the same within one.
    const random = options.random ?? Math.random;
    for (const node of script.nodes.values()) if (node.type === 'question' && node.shuffle) this.orders.set(node.id, drawOrder(node.options, random));
  }

  static restore(script: Script, context: ScriptContext, state: SessionState, options: SessionOptions = {}): ScriptSession {
    if (state.scriptId !== script.id || state.version !== script.version) {
      throw new Error(`The saved walk belongs to script ${state.scriptId} v${state.version ?? '?'}, not ${script.id} v${script.version ?? '?'}.`);
    }
    const session = new ScriptSession(script, context, options);
    const path = state.path.filter((id) => script.nodes.has(id));
    if (path.length) session.trail.splice(0, session.trail.length, ...path);
    for (const [id, value] of Object.entries(state.answers)) if (script.nodes.get(id)?.type === 'question') session.kept.set(id, value);
    for (const [id, order] of Object.entries(state.orders ?? {})) {
      const node = script.nodes.get(id);
      if (node?.type === 'question' && node.shuffle && fitsOrder(node.options, order)) session.orders.set(id, [...order]);
    }
    return session;
  }

  state(): SessionState {
    return {
      scriptId: this.script.id,
      version: this.script.version,
      path: [...this.trail],
      answers: Object.fromEntries(this.kept),
      ...(this.orders.size ? { orders: Object.fromEntries(this.orders) } : {}),
    };
  }

  /** The option values of a question in the order the agent sees them (drawn per call when it shuffles). */
  optionOrder(nodeId: string): string[] {
    return this.orders.get(nodeId) ?? this.question(nodeId).options.map((o) => o.value);
  }

  /** Whether the question's options are shown in an order drawn for this call. */
  shuffled(nodeId: string): boolean {
    return this.orders.has(nodeId);
  }

  /** The callback time (local YYYY-MM-DD HH:MM) chosen on the path by a `callback` question, or null. */
  get callbackAt(): string | null {
    let found: string | null = null;
    for (const id of this.trail) {
      const node = this.script.nodes.get(id);
      const value = this.answerOnPath(id);
      if (node?.type === 'question' && node.callback && typeof value === 'string') found = value;
    }
    return found;
  }

  /** Call or customer data learned during the call (the customer was identified, say). */
  updateContext(context: ScriptContext): void {
    this.context = { ...this.context, ...context };
  }

  get current(): ScriptNode {
    return this.node(this.trail.at(-1) as string);
  }

  get section(): Section {
    const id = this.current.section;
    return this.script.sections.find((s) => s.id === id) as Section;
  }

  /** Node ids from the start to the current node. */
  get path(): readonly string[] {
    return this.trail;
  }

  get ended(): boolean {
    return this.current.type === 'end';
  }

  get canGoBack(): boolean {
    return this.trail.length > 1;
  }

  /** The disposition code the end node proposes for the wrap-up, when the walk has ended. */
  get suggestedDisposition(): string | null {
    const node = this.current;
    return node.type === 'end' ? node.disposition : null;
  }

  /** The node's text with variables filled in (still light Markdown). */
  text(node: ScriptNode = this.current): string {
    return this.interpolate(node.text);
  }

  interpolate(text: string): string {
    let out = '';
    let at = 0;
    for (const ref of findVariables(text)) {
      out += text.slice(at, ref.index);
      const value = this.valueOf(ref.namespace, ref.field) ?? ref.fallback ?? this.missing(ref);
      out += value === '' ? EMPTY : value;
      at = ref.index + ref.token.length;
    }
    return tidyEmpty(out + text.slice(at));
  }

  private valueOf(namespace: string, field: string): string | null {
    if (namespace === VALUES_NAMESPACE) return valueText(this.values().get(field) ?? null, this.script.language) || null;
    if (namespace === ANSWERS_NAMESPACE) {
      const item = this.gridItem(field);
      if (item) return item.value === undefined ? null : answerText({ ...item.grid, input: 'single' }, String(item.value), this.script.language);
      const node = this.script.nodes.get(field);
      const value = this.answerOnPath(field);
      return node?.type === 'question' && value !== undefined ? answerText(node, value, this.script.language) : null;
    }
    if (namespace === 'customer' && (field === 'salutation' || field === 'address')) {
      // In the script's language, from whatever word the customer data holds (Frau, Mr, w, …).
      const salutation = parseSalutation(lookupContext(this.context, 'customer', 'salutation'));
      if (field === 'salutation') return salutationWord(salutation, this.script.language);
      return addressOf(salutation, lookupContext(this.context, 'customer', 'lastName'), lookupContext(this.context, 'customer', 'name'), this.script.language);
    }
    const value = lookupContext(this.context, namespace, field);
    if (value !== null) return value;
    // The script knows its own campaign and client id; the call may not have said them.
    if (namespace === 'campaign' && field === 'id') return this.script.campaign;
    if (namespace === 'client' && field === 'id') return this.script.client;
    return null;
  }

  /** The kept answer of a question, on the path or not (for pre-filling), or null. */
  answerOf(nodeId: string): AnswerValue | null {
    return this.kept.get(nodeId) ?? null;
  }

  /**
   * Answers of the questions on the current path, by question id. Built with fromEntries, so a
   * question named like a built-in (`constructor`) is an own key like any other; look answers
   * up with `answerOnPath`, not by indexing this record.
   */
  answers(): Record<string, AnswerValue> {
    return Object.fromEntries(this.trail.flatMap((id) => (this.kept.has(id) ? [[id, this.kept.get(id) as AnswerValue]] : [])));
  }

  /** The script's calculated values from the answers on the current path, by value id. */
  values(): Map<string, number | null> {
    return computeValues(this.script, (id) => this.answerOnPath(id));
  }

  /** The answer of a question on the current path, or undefined. */
  answerOnPath(id: string): AnswerValue | undefined {
    return this.trail.includes(id) ? this.kept.get(id) : undefined;
  }

  /** Checks an answer without keeping it: the sentence to show, or null when it is fine. */
  check(value: unknown, nodeId: string = this.current.id): string | null {
    const result = checkAnswer(this.question(nodeId), value, this.script.language, this.today(), this.now());
    return result.ok ? null : result.error;
  }

  /** Keeps an answer for the current question (an empty one clears it) after checking it. */
  answer(value: unknown): { ok: true } | { ok: false; error: string } {
    const question = this.question(this.current.id);
    const result = checkAnswer(question, value, this.script.language, this.today(), this.now());
    if (!result.ok) return result;
    if (result.value === null) this.kept.delete(question.id);
    else this.kept.set(question.id, result.value);
    return { ok: true };
  }

  /** Where the current node leads now, without moving: null at an end node. */
  peekNext(): string | null {
    const node = this.current;
    if (node.type === 'end') return null;
    // A choice with an "other" text branches on the option picked.
    const answer = node.type === 'question' ? choiceOf(this.kept.get(node.id)) : null;
    const lookup = (key: string) => (key === 'answer' ? answer : this.lookup(key));
    for (const branch of node.branches) if (holds(branch.when, lookup)) return branch.next;
    if (node.type === 'question' && node.input === 'single' && answer !== null) {
      const option = node.options.find((o) => o.value === answer);
      if (option?.next) return option.next;
    }
    return node.next;
  }

  /**
   * Moves on; a required question without an answer stays, with the sentence to show. A preview
   * passes `skipRequired` to walk the default path without answering.
   */
  next(options: { skipRequired?: boolean } = {}): StepResult {
    const node = this.current;
    const t = messagesFor(this.script.language);
    if (node.type === 'end') return { ok: false, error: this.script.language.startsWith('de') ? 'Das Skript ist zu Ende.' : 'The script has ended.' };
    if (node.type === 'question' && node.required && !options.skipRequired && lacksAnswer(node, this.kept.get(node.id), isEmptyAnswer)) {
      const open = node.input === 'grid' && this.kept.has(node.id) ? openItems(node, this.kept.get(node.id)) : [];
      return {
        ok: false,
        error: open.length
          ? t.gridOpen(
              node.items
                .filter((i) => open.includes(i.id))
                .map((i) => i.label)
                .join(', '),
            )
          : t.required,
      };
    }
    const target = this.peekNext();
    if (target === null) {
      // The loader rules this out; a branch that matches nothing on a default-less question
      // whose options are covered can only mean the answer is missing.
      return { ok: false, error: t.required };
    }
    this.trail.push(target);
    return { ok: true, node: this.current };
  }

  /** One step back; the answers given further on are kept. */
  back(): boolean {
    if (!this.canGoBack) return false;
    this.trail.pop();
    return true;
  }

  /** Required questions on the path (the current node included) that have no answer yet. */
  missingRequired(): QuestionNode[] {
    const seen = new Set<string>();
    const out: QuestionNode[] = [];
    for (const id of this.trail) {
      const node = this.node(id);
      if (seen.has(id) || node.type !== 'question' || !node.required) continue;
      seen.add(id);
      if (lacksAnswer(node, this.kept.get(id), isEmptyAnswer)) out.push(node);
    }
    return out;
  }

  private lookup(name: string): AnswerValue | null {
    const dot = name.indexOf('.');
    const namespace = name.slice(0, dot);
    const field = name.slice(dot + 1);
    if (namespace === ANSWERS_NAMESPACE) {
      const item = this.gridItem(field);
      if (item) return item.value ?? null;
      return choiceOf(this.answerOnPath(field));
    }
    if (namespace === VALUES_NAMESPACE) return this.values().get(field) ?? null;
    return this.valueOf(namespace, field);
  }

  /** `answers.<grid>.<item>`: the grid (on the path or not) and the item's value on the path. */
  private gridItem(field: string): { grid: QuestionNode; value: string | number | undefined } | null {
    if (this.script.nodes.has(field)) return null;
    const split = splitItem(field);
    const grid = split ? this.script.nodes.get(split.question) : undefined;
    if (!split || grid?.type !== 'question' || grid.input !== 'grid') return null;
    const answer = this.answerOnPath(grid.id);
    return { grid, value: isGridAnswer(answer) && Object.hasOwn(answer, split.item) ? answer[split.item] : undefined };
  }

  private node(id: string): ScriptNode {
    const node = this.script.nodes.get(id);
    if (!node) throw new Error(`Script ${this.script.id} has no node "${id}".`);
    return node;
  }

  private question(id: string): QuestionNode {
    const node = this.node(id);
    if (node.type !== 'question') throw new Error(`Node "${id}" of script ${this.script.id} is not a question, so it takes no answer.`);
    return node;
  }
}
