import { choiceOf, exclusiveClash, isSpecified, MAX_SPECIFY_LENGTH, specifyOption } from './choices';
import { gridScale, gridValueText, isGridAnswer } from './grid';
import { DEFAULT_RATING, type AnswerValue, type GridAnswer, type QuestionNode } from './model';
import { formatMoment, momentLimit, parseDateTime, parseTime } from './moments';
import { matchesPattern } from './pattern';

export interface Messages {
  required: string;
  choose: string;
  chooseAtLeast(n: number): string;
  chooseAtMost(n: number): string;
  number: string;
  atLeast(n: number): string;
  atMost(n: number): string;
  date: string;
  notBefore(d: string): string;
  notAfter(d: string): string;
  yesno: string;
  rating(min: number, max: number): string;
  shorter(n: number): string;
  longer(n: number): string;
  pattern: string;
  text: string;
  time: string;
  datetime: string;
  notEarlier(m: string): string;
  notLater(m: string): string;
  specify(label: string): string;
  specifyLonger(n: number): string;
  exclusive(label: string): string;
  gridItem(item: string): string;
  gridOpen(items: string): string;
}

/** Sentences for the agent, in the script's language (German or English). */
const MESSAGES: { en: Messages; de: Messages } = {
  en: {
    required: 'Please answer this question; it is required.',
    choose: 'Please choose one of the offered answers.',
    chooseAtLeast: (n: number) => `Please choose at least ${n} ${n === 1 ? 'answer' : 'answers'}.`,
    chooseAtMost: (n: number) => `Please choose at most ${n} ${n === 1 ? 'answer' : 'answers'}.`,
    number: 'Please enter a number, e.g. 42 or 3.5.',
    atLeast: (n: number) => `Please enter a number of at least ${n}.`,
    atMost: (n: number) => `Please enter a number of at most ${n}.`,
    date: 'Please enter a date as YYYY-MM-DD or DD.MM.YYYY.',
    notBefore: (d: string) => `Please enter a date on or after ${d}.`,
    notAfter: (d: string) => `Please enter a date on or before ${d}.`,
    yesno: 'Please answer yes or no.',
    rating: (min: number, max: number) => `Please give a rating from ${min} to ${max}.`,
    shorter: (n: number) => `Please keep the answer to at most ${n} characters.`,
    longer: (n: number) => `Please enter at least ${n} characters.`,
    pattern: 'The answer does not have the expected form.',
    text: 'Please enter the answer as text.',
    time: 'Please enter a time as HH:MM, e.g. 14:30.',
    datetime: 'Please enter a date and time, e.g. 2026-12-03 14:30.',
    notEarlier: (m: string) => `Please enter ${m} or later.`,
    notLater: (m: string) => `Please enter ${m} or earlier.`,
    specify: (label: string) => `Please type what "${label}" means in the field beside it.`,
    specifyLonger: (n: number) => `Please keep the "other" text to at most ${n} characters.`,
    exclusive: (label: string) => `"${label}" cannot be picked together with other answers.`,
    gridItem: (item: string) => `Please choose an answer on the scale for "${item}".`,
    gridOpen: (items: string) => `Please answer every line: ${items}.`,
  },
  de: {
    required: 'Bitte beantworten Sie diese Frage; sie ist Pflicht.',
    choose: 'Bitte wählen Sie eine der angebotenen Antworten.',
    chooseAtLeast: (n: number) => `Bitte wählen Sie mindestens ${n} ${n === 1 ? 'Antwort' : 'Antworten'}.`,
    chooseAtMost: (n: number) => `Bitte wählen Sie höchstens ${n} ${n === 1 ? 'Antwort' : 'Antworten'}.`,
    number: 'Bitte geben Sie eine Zahl ein, z. B. 42 oder 3,5.',
    atLeast: (n: number) => `Bitte geben Sie eine Zahl von mindestens ${n} ein.`,
    atMost: (n: number) => `Bitte geben Sie eine Zahl von höchstens ${n} ein.`,
    date: 'Bitte geben Sie ein Datum als TT.MM.JJJJ oder JJJJ-MM-TT ein.',
    notBefore: (d: string) => `Bitte geben Sie ein Datum ab dem ${d} ein.`,
    notAfter: (d: string) => `Bitte geben Sie ein Datum bis zum ${d} ein.`,
    yesno: 'Bitte antworten Sie mit Ja oder Nein.',
    rating: (min: number, max: number) => `Bitte geben Sie eine Bewertung von ${min} bis ${max}.`,
    shorter: (n: number) => `Bitte fassen Sie die Antwort in höchstens ${n} Zeichen.`,
    longer: (n: number) => `Bitte geben Sie mindestens ${n} Zeichen ein.`,
    pattern: 'Die Antwort hat nicht die erwartete Form.',
    text: 'Bitte geben Sie die Antwort als Text ein.',
    time: 'Bitte geben Sie eine Uhrzeit als HH:MM ein, z. B. 14:30.',
    datetime: 'Bitte geben Sie Datum und Uhrzeit ein, z. B. 03.12.2026 14:30.',
    notEarlier: (m: string) => `Bitte geben Sie ${m} oder später ein.`,
    notLater: (m: string) => `Bitte geben Sie ${m} oder früher ein.`,
    specify: (label: string) => `Bitte tragen Sie im Feld daneben ein, was „${label}“ ist.`,
    specifyLonger: (n: number) => `Bitte fassen Sie den Text zu „Anderes“ in höchstens ${n} Zeichen.`,
    exclusive: (label: string) => `„${label}“ kann nicht zusammen mit anderen Antworten gewählt werden.`,
    gridItem: (item: string) => `Bitte wählen Sie für „${item}“ einen Wert der Skala.`,
    gridOpen: (items: string) => `Bitte beantworten Sie jede Zeile: ${items}.`,
  },
};

export function messagesFor(language: string): Messages {
  return language.startsWith('de') ? MESSAGES.de : MESSAGES.en;
}

export type AnswerCheck = { ok: true; value: AnswerValue | null } | { ok: false; error: string };

export function isEmptyAnswer(value: unknown): boolean {
  if (isSpecified(value)) return isEmptyAnswer(value.choice);
  if (isGridAnswer(value)) return Object.keys(value).length === 0;
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** `YYYY-MM-DD` for a date the agent typed, or null when it is not a real date. */
export function parseDate(input: string): string | null {
  const trimmed = input.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  // Agents in Germany type a decimal comma.
  const normalized = value.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized)) return null;
  return Number(normalized);
}

function parseYesNo(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const word = String(value).trim().toLowerCase();
  if (['yes', 'ja', 'true', 'y', 'j'].includes(word)) return true;
  if (['no', 'nein', 'false', 'n'].includes(word)) return false;
  return null;
}

/**
 * Checks and normalises what the agent entered for a question. An empty answer is accepted here
 * (as null); whether the question may be left empty is decided when the agent moves on.
 */
export function checkAnswer(question: QuestionNode, value: unknown, language: string, today: string, now = `${today} 00:00`): AnswerCheck {
  const t = messagesFor(language);
  if (isEmptyAnswer(value)) return { ok: true, value: null };
  const fail = (error: string): AnswerCheck => ({ ok: false, error });
  const values = new Set(question.options.map((o) => o.value));
  switch (question.input) {
    case 'single': {
      const picked = String(choiceOf(value as AnswerValue));
      return values.has(picked) ? withSpecified(question, [picked], picked, value, t) : fail(t.choose);
    }
    case 'multiple': {
      const given = choiceOf(value as AnswerValue);
      const picked = [...new Set((Array.isArray(given) ? given : [given]).map(String))];
      if (picked.some((p) => !values.has(p))) return fail(t.choose);
      const clash = exclusiveClash(question, picked);
      if (clash) return fail(t.exclusive(clash.label));
      // "None of these" alone is a whole answer, however many picks the question asks for.
      const noneOfThese = picked.length === 1 && question.options.some((o) => o.exclusive && o.value === picked[0]);
      if (question.min !== null && !noneOfThese && picked.length < question.min) return fail(t.chooseAtLeast(question.min));
      if (question.max !== null && picked.length > question.max) return fail(t.chooseAtMost(question.max));
      // Keep the script's order, so the log reads the same whatever order the agent clicked.
      return withSpecified(
        question,
        picked,
        question.options.map((o) => o.value).filter((v) => picked.includes(v)),
        value,
        t,
      );
    }
    case 'time':
    case 'datetime': {
      const moment = typeof value === 'string' ? (question.input === 'time' ? parseTime(value) : parseDateTime(value)) : null;
      if (moment === null) return fail(question.input === 'time' ? t.time : t.datetime);
      const min = momentLimit(question.minDate, question.input, 'min', now);
      const max = momentLimit(question.maxDate, question.input, 'max', now);
      if (min !== null && moment < min) return fail(t.notEarlier(formatMoment(min, language)));
      if (max !== null && moment > max) return fail(t.notLater(formatMoment(max, language)));
      return { ok: true, value: moment };
    }
    case 'grid':
      return checkGrid(question, value, t);
    case 'text': {
      if (typeof value !== 'string' && typeof value !== 'number') return fail(t.text);
      const answer = String(value).trim();
      if (question.min !== null && answer.length < question.min) return fail(t.longer(question.min));
      if (question.max !== null && answer.length > question.max) return fail(t.shorter(question.max));
      if (question.pattern !== null && !matchesPattern(question.pattern, answer)) return fail(question.patternMessage ?? t.pattern);
      return { ok: true, value: answer };
    }
    case 'number': {
      const n = parseNumber(value);
      if (n === null) return fail(t.number);
      if (question.min !== null && n < question.min) return fail(t.atLeast(question.min));
      if (question.max !== null && n > question.max) return fail(t.atMost(question.max));
      return { ok: true, value: n };
    }
    case 'rating': {
      const min = question.min ?? DEFAULT_RATING.min;
      const max = question.max ?? DEFAULT_RATING.max;
      const n = parseNumber(value);
      if (n === null || !Number.isInteger(n) || n < min || n > max) return fail(t.rating(min, max));
      return { ok: true, value: n };
    }
    case 'date': {
      const date = typeof value === 'string' ? parseDate(value) : null;
      if (date === null) return fail(t.date);
      const min = question.minDate === 'today' ? today : question.minDate;
      const max = question.maxDate === 'today' ? today : question.maxDate;
      if (min !== null && date < min) return fail(t.notBefore(formatDate(min, language)));
      if (max !== null && date > max) return fail(t.notAfter(formatDate(max, language)));
      return { ok: true, value: date };
    }
    case 'yesno': {
      const yes = parseYesNo(value);
      return yes === null ? fail(t.yesno) : { ok: true, value: yes };
    }
  }
}

/** A choice with the "other" text when a specify option is picked: required, trimmed, bounded. */
function withSpecified(question: QuestionNode, picked: string[], choice: string | string[], given: unknown, t: Messages): AnswerCheck {
  const option = specifyOption(question, picked);
  if (!option) return { ok: true, value: choice };
  const other = isSpecified(given) && typeof given.other === 'string' ? given.other.trim() : '';
  if (other === '') return { ok: false, error: t.specify(option.label) };
  if (other.length > MAX_SPECIFY_LENGTH) return { ok: false, error: t.specifyLonger(MAX_SPECIFY_LENGTH) };
  return { ok: true, value: { choice, other } };
}

/** A grid's answer: each given item on the scale; items left out stay open (required is checked on moving on). */
function checkGrid(question: QuestionNode, value: unknown, t: Messages): AnswerCheck {
  if (!isGridAnswer(value)) return { ok: false, error: t.gridOpen(question.items.map((i) => i.label).join(', ')) };
  const scale = gridScale(question);
  const out: GridAnswer = {};
  for (const item of question.items) {
    if (!Object.hasOwn(value, item.id)) continue;
    const given = (value as Record<string, unknown>)[item.id];
    if (isEmptyAnswer(given)) continue;
    if (scale.options) {
      if (!scale.values.includes(String(given))) return { ok: false, error: t.gridItem(item.label) };
      out[item.id] = String(given);
    } else {
      const n = parseNumber(given);
      if (n === null || !Number.isInteger(n) || n < scale.min || n > scale.max) return { ok: false, error: t.gridItem(item.label) };
      out[item.id] = n;
    }
  }
  const unknown = Object.keys(value).find((key) => !question.items.some((item) => item.id === key));
  if (unknown !== undefined) return { ok: false, error: t.gridOpen(question.items.map((i) => i.label).join(', ')) };
  return { ok: true, value: Object.keys(out).length ? out : null };
}

export function formatDate(iso: string, language: string): string {
  if (!language.startsWith('de')) return iso;
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** An answer as text, for `{{answers.x}}` and the preview: labels for choices, Ja/Nein in German. */
export function answerText(question: QuestionNode, value: AnswerValue, language: string): string {
  const label = (v: string) => question.options.find((o) => o.value === v)?.label ?? v;
  if (isSpecified(value)) {
    const picked = Array.isArray(value.choice) ? value.choice : [value.choice];
    return picked.map((v) => (question.options.find((o) => o.value === v)?.specify ? `${label(v)}: ${value.other}` : label(v))).join(', ');
  }
  if (isGridAnswer(value))
    return question.items
      .flatMap((item) => (Object.hasOwn(value, item.id) ? [`${item.label}: ${gridValueText(question, value[item.id] as string | number)}`] : []))
      .join('; ');
  if (typeof value === 'boolean') return language.startsWith('de') ? (value ? 'Ja' : 'Nein') : value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (question.input === 'single') return label(String(value));
  if (question.input === 'date') return formatDate(String(value), language);
  if (question.input === 'datetime') return formatMoment(String(value), language);
  if (typeof value === 'number' && language.startsWith('de')) return String(value).replace('.', ',');
  return String(value);
}
