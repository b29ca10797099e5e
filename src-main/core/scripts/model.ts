/** A call script as the engine uses it, after the loader has checked it (see docs/scripts.md). */

export const INPUT_KINDS = ['single', 'multiple', 'text', 'number', 'date', 'yesno', 'rating', 'time', 'datetime', 'grid'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

export const NODE_TYPES = ['say', 'question', 'end'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const MATCHER_OPERATORS = ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'contains', 'empty'] as const;
export type MatcherOperator = (typeof MATCHER_OPERATORS)[number];

export type Scalar = string | number | boolean;
/** A bare value means "equals"; an object combines operators, all of which must hold. */
export type Matcher = Scalar | { [op in MatcherOperator]?: Scalar | Scalar[] };

export interface Branch {
  /** Every entry must hold. Keys: `answer` (this question's answer) or a variable name. */
  when: Record<string, Matcher>;
  next: string;
}

export interface ChoiceOption {
  value: string;
  label: string;
  /** Where this answer leads (single choice only), before the question's own `next`. */
  next: string | null;
  /** What the answer counts in a calculated value (see values.ts); null when not given. */
  score: number | null;
  /** "Other, please specify": picking it asks for a text, kept with the answer. */
  specify: boolean;
  /** "None of these" (multiple choice): it cannot be picked together with another option. */
  exclusive: boolean;
  /** Keeps its place when the question shuffles its options (e.g. "don't know" last). */
  fixed: boolean;
}

/** A row of a grid question, answered on the grid's scale. */
export interface GridItem {
  id: string;
  label: string;
}

interface NodeBase {
  id: string;
  section: string;
  /** Light Markdown with `{{variables}}`; empty for an end node without text. */
  text: string;
  /** Where to go when no branch matches: the written `next` (a section resolved to its first
   * node), else the node after this one when the node does not branch. Null at an end node. */
  next: string | null;
  branches: Branch[];
  /** 1-based line of the node in the file, for messages shown to trainers. */
  line: number;
  /** Say and question nodes: the client form the agent is offered here (`form: fault-report`, docs/forms.md). */
  form: string | null;
}

export interface SayNode extends NodeBase {
  type: 'say';
  /** For the agent's eyes only, never read out (light Markdown with variables). */
  hint: string | null;
}

export interface QuestionNode extends NodeBase {
  type: 'question';
  input: InputKind;
  required: boolean;
  options: ChoiceOption[];
  /** number/rating: value range; text: length; multiple: how many picked. */
  min: number | null;
  max: number | null;
  /** date questions: `YYYY-MM-DD` or `today`; time: `HH:MM` or `now`; datetime:
   * `YYYY-MM-DD HH:MM`, `today` or `now`. */
  minDate: string | null;
  maxDate: string | null;
  /** rating (and a grid on a rating scale): what the lowest and highest values mean. */
  minLabel: string | null;
  maxLabel: string | null;
  /** single/multiple: the options are shown in an order drawn per call (fixed ones stay put). */
  shuffle: boolean;
  /** grid: the rows, each answered on the scale (the options, else min…max). */
  items: GridItem[];
  /** datetime: the answer is the callback time the wrap-up proposes. */
  callback: boolean;
  pattern: string | null;
  patternMessage: string | null;
  help: string | null;
}

export interface EndNode extends NodeBase {
  type: 'end';
  /** A disposition code the wrap-up proposes, e.g. `resolved`. */
  disposition: string | null;
}

export type ScriptNode = SayNode | QuestionNode | EndNode;

export interface Section {
  id: string;
  title: string | null;
  nodeIds: string[];
}

export interface Script {
  id: string;
  title: string;
  campaign: string;
  client: string | null;
  language: string;
  description: string | null;
  /**
   * A survey (market research): its required questions must all be answered before the call's
   * wrap-up, unless the call is dispositioned as not surveyed. Other scripts are guides: only the
   * required questions the agent reached count.
   */
  survey: boolean;
  /** Assigned by the ScriptLibrary; null for a file checked or previewed without loading. */
  version: number | null;
  sections: Section[];
  nodes: ReadonlyMap<string, ScriptNode>;
  start: string;
  /** Calculated values, each after those it uses (see values.ts). */
  values: CalculatedValue[];
  /**
   * A script written in several languages (`languages: [de, en]`): the Script of each, by
   * language, this one among them (the first language). Absent for a script in one language.
   * Pick with `variantFor` (languages.ts).
   */
  variants?: ReadonlyMap<string, Script>;
}

/** A number made from answers: `sum`, `average` or `count` of `answers.<id>` / `values.<id>`. */
export interface CalculatedValue {
  id: string;
  label: string | null;
  kind: 'sum' | 'average' | 'count';
  of: string[];
}

/** A choice whose "specify" option was picked, with the text given for it. */
export interface SpecifiedChoice {
  choice: string | string[];
  other: string;
}

/** A grid's answer: the value on the scale per item id. */
export type GridAnswer = Record<string, string | number>;

export type AnswerValue = string | number | boolean | string[] | SpecifiedChoice | GridAnswer;

/** Rating questions without min/max ask for 1…5 stars. */
export const DEFAULT_RATING = { min: 1, max: 5 } as const;
