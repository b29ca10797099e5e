import type { Path, ProblemList } from './problems';

/**
 * Language variants of one script under one id: `languages: [de, en]` and every text written as
 * `{ de: …, en: … }`. The structure (ids, ways, conditions, values) is written once; each
 * language gets its own Script built from the same file with that language's texts, so the
 * checks run unchanged on each. Conditions are written in the first language (`answer: nein`).
 */

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;
/** Text fields of a node that are shown to the agent. */
const NODE_TEXTS = ['text', 'hint', 'help', 'patternMessage', 'minLabel', 'maxLabel'] as const;

/** The script's languages when it has variants (null for a script in one `language`). */
export function variantLanguages(raw: unknown, problems: ProblemList): string[] | null {
  const root = obj(raw);
  if (!root || root.languages === undefined) return null;
  const pos = problems.positions;
  const languages = root.languages;
  if (!Array.isArray(languages) || languages.length === 0) {
    problems.add('wrong-type', pos.value(['languages']), 'languages must be a list of language codes, e.g. [de, en]');
    return null;
  }
  let ok = true;
  languages.forEach((language, i) => {
    if (typeof language === 'string' && LANGUAGE.test(language) && languages.indexOf(language) === i) return;
    problems.add(
      'wrong-type',
      pos.value(['languages', i]),
      typeof language === 'string' && LANGUAGE.test(language) ? `"${language}" is listed twice` : `languages[${i}] must be a language code such as de or en`,
    );
    ok = false;
  });
  if (root.language !== undefined) {
    problems.add('unknown-field', pos.key(['language']), 'write either language (one) or languages (variants), not both');
    ok = false;
  }
  return ok ? (languages as string[]) : null;
}

/** Every path of a text that needs a translation, with whether it may be missing. */
function textPaths(root: Raw): Path[] {
  const paths: Path[] = [['title'], ['description']];
  list(root.sections).forEach((section, s) => {
    paths.push(['sections', s, 'title']);
    list(obj(section)?.nodes).forEach((node, n) => {
      const at: Path = ['sections', s, 'nodes', n];
      for (const field of NODE_TEXTS) paths.push([...at, field]);
      list(obj(node)?.options).forEach((_option, i) => paths.push([...at, 'options', i, 'label']));
      list(obj(node)?.items).forEach((_item, i) => paths.push([...at, 'items', i, 'label']));
    });
  });
  return paths;
}

function valueAt(root: Raw, path: Path): unknown {
  let value: unknown = root;
  for (const key of path) value = typeof key === 'number' ? list(value)[key] : obj(value)?.[key];
  return value;
}

/** A missing or surplus translation, a translation that is no text, or a text in one language only. */
export function checkTranslations(
  raw: unknown,
  languages: readonly string[],
  problems: ProblemList,
  pathsOf: (root: Raw) => Path[] = textPaths,
  what = 'script',
): void {
  const root = obj(raw);
  if (!root) return;
  const pos = problems.positions;
  for (const path of pathsOf(root)) {
    const value = valueAt(root, path);
    const field = String(path.at(-1));
    if (value === undefined) continue;
    if (typeof value === 'string') {
      problems.add(
        'missing-translation',
        pos.value(path),
        `${field} must be written in every language of the ${what}: { ${languages.map((l) => `${l}: …`).join(', ')} }`,
      );
      continue;
    }
    const texts = obj(value);
    if (!texts) continue; // the shape check says what is wrong
    for (const [language, text] of Object.entries(texts)) {
      if (!languages.includes(language))
        problems.add('unknown-field', pos.key([...path, language]), `"${language}" is not one of the ${what}'s languages (${languages.join(', ')})`);
      else if (typeof text !== 'string') problems.add('wrong-type', pos.value([...path, language]), `the ${language} ${field} must be text`);
    }
    for (const language of languages) {
      if (!Object.hasOwn(texts, language)) problems.add('missing-translation', pos.value(path), `${field} has no "${language}" translation`);
    }
  }
}

/**
 * The script as if written in one language: each `{ de: …, en: … }` text replaced by its
 * `language` text, `language` set to the first language (the one conditions are written in).
 * Only the objects on the way to a text are copied.
 */
export function localize(raw: unknown, languages: readonly string[], language: string): unknown {
  const root = obj(raw);
  if (!root) return raw;
  const pick = (v: unknown) => {
    const texts = obj(v);
    return texts && Object.hasOwn(texts, language) ? texts[language] : v;
  };
  const withTexts = (record: Raw, fields: readonly string[]): Raw => {
    const out = { ...record };
    for (const field of fields) if (Object.hasOwn(out, field)) out[field] = pick(out[field]);
    return out;
  };
  const sections = list(root.sections).map((section) => {
    const s = obj(section);
    if (!s) return section;
    const out = withTexts(s, ['title']);
    if (Array.isArray(s.nodes)) {
      out.nodes = (s.nodes as unknown[]).map((node) => {
        const n = obj(node);
        if (!n) return node;
        const localized = withTexts(n, NODE_TEXTS);
        if (Array.isArray(n.options)) localized.options = (n.options as unknown[]).map((o) => (obj(o) ? withTexts(obj(o) as Raw, ['label']) : o));
        if (Array.isArray(n.items)) localized.items = (n.items as unknown[]).map((item) => (obj(item) ? withTexts(obj(item) as Raw, ['label']) : item));
        return localized;
      });
    }
    return out;
  });
  const { languages: _languages, ...rest } = root;
  return { ...withTexts(rest, ['title', 'description']), language: languages[0], sections };
}

/**
 * The variant of a script (or a form, core/forms/) for a call's language (`de-AT` takes `de`),
 * else its first language.
 */
export function variantFor<T extends { language: string; version: number | null; variants?: ReadonlyMap<string, T> | undefined }>(
  script: T,
  language: string | null | undefined,
): T {
  const variants = script.variants;
  if (!variants || !language) return script;
  const variant =
    variants.get(language) ?? variants.get(language.slice(0, 2)) ?? [...variants.values()].find((v) => v.language.slice(0, 2) === language.slice(0, 2));
  // The library gives the version to the script it returns; each variant is that version too.
  return variant ? { ...variant, version: script.version, variants } : script;
}
