import { POLICY_KEYS, type PolicyKey } from '../../src-main/contract/policy';
import { settingsSchema } from '../../src-main/contract/settings';
import { explainDe } from './explain-de';
import { inputJsonSchema, type JsonSchema } from '../json-schema';

/** How a setting is written in every policy format: the registry type follows from it. */
export type PolicyShape =
  | { kind: 'boolean' }
  | { kind: 'decimal'; min: number; max: number }
  | { kind: 'enum'; values: (string | number)[] }
  | { kind: 'text'; maxLength: number | null }
  | { kind: 'list'; maxItems: number | null; maxLength: number | null };

/** One policy key as the templates need it: where it lives, what it takes, its words. */
export interface PolicyLeaf {
  key: PolicyKey;
  section: string;
  name: string;
  shape: PolicyShape;
  /** `null` also when the setting's default is "not set" (`null`). */
  defaultValue: unknown;
  label: { en: string; de: string };
  explain: { en: string; de: string };
}

// Group Policy stores a decimal as an unsigned 32-bit REG_DWORD.
const DWORD_MAX = 4_294_967_295;

function fail(key: string, problem: string): never {
  throw new Error(`src-main/contract/policy.ts: POLICY_KEYS['${key}']: ${problem}`);
}

/** The variants of a leaf that are not `null` (policy never sets "not set"; it leaves the key out). */
function present(schema: JsonSchema): JsonSchema[] {
  const variants = schema.anyOf ?? [schema];
  return variants.filter((variant) => variant.type !== 'null');
}

export function shapeOf(key: string, schema: JsonSchema): PolicyShape {
  const variants = present(schema);
  if (variants.length > 1) {
    if (variants.every((variant) => variant.const !== undefined && (typeof variant.const === 'string' || typeof variant.const === 'number'))) {
      return { kind: 'enum', values: variants.map((variant) => variant.const as string | number) };
    }
    fail(key, 'a setting of several types has no Group Policy element; give it one type or a list of fixed values');
  }
  const only = variants[0] ?? fail(key, 'the settings schema allows only null here');
  if (only.enum) return { kind: 'enum', values: only.enum.map((value) => (typeof value === 'number' ? value : String(value))) };
  switch (only.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'integer': {
      const min = only.minimum ?? 0;
      const max = only.maximum ?? DWORD_MAX;
      if (min < 0 || max > DWORD_MAX) fail(key, `Group Policy stores whole numbers from 0 to ${DWORD_MAX}; the schema allows ${min}–${max}`);
      return { kind: 'decimal', min, max };
    }
    case 'number':
      return fail(key, 'a number with a fraction has no Group Policy element (REG_DWORD holds whole numbers); make it .int() or leave it out of POLICY_KEYS');
    case 'string':
      return { kind: 'text', maxLength: only.maxLength ?? null };
    case 'array':
      if (only.items?.type !== 'string') fail(key, 'only a list of texts can be set by policy (REG_MULTI_SZ)');
      return { kind: 'list', maxItems: only.maxItems ?? null, maxLength: only.items.maxLength ?? null };
    default:
      return fail(key, `a setting of type ${JSON.stringify(only.type)} cannot be set by policy: only a leaf (text, number, yes/no, list of texts)`);
  }
}

/** Markdown's code quotes read as noise in the Group Policy editor; plain quotes say the same. */
export function plainText(text: string): string {
  return text.replace(/`([^`]*)`/g, '"$1"');
}

/** Every key of POLICY_KEYS, in its order, with its schema leaf; throws naming the first key that does not fit. */
export function policyLeaves(keys: Record<string, { en: string; de: string }> = POLICY_KEYS): PolicyLeaf[] {
  const schema = inputJsonSchema(settingsSchema);
  return Object.entries(keys).map(([key, label]) => {
    const parts = key.split('.');
    if (parts.length !== 2) fail(key, 'a policy key is "section.key" (one registry subkey per section)');
    const [section = '', name = ''] = parts;
    const leaf = schema.properties?.[section]?.properties?.[name] ?? fail(key, 'no such setting in src-main/contract/settings.ts');
    const shape = shapeOf(key, leaf);
    const german = (explainDe as Record<string, string | undefined>)[key] ?? fail(key, 'no German explain text in scripts/policy-templates/explain-de.ts');
    return {
      key: key as PolicyKey,
      section,
      name,
      shape,
      defaultValue: leaf.default ?? null,
      label: { en: label.en, de: label.de },
      explain: { en: plainText(leaf.description ?? fail(key, 'the setting has no .describe() text to explain it')), de: german },
    };
  });
}
