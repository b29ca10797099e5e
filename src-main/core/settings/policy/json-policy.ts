import { z } from 'zod';
import { said } from '../../../contract';
import { jsonSyntaxProblem } from '../../files/json-syntax';
import { checkLocated } from '../../files/located-parse';
import { decodeText, TextEncodingError } from '../../files/text-encoding';
import { nestedEntries, type PolicyEntry, type PolicyRefusal } from './policy-values';

/**
 * `/etc/anlauf/policy.json`: strict JSON (UTF-8, or UTF-16 with BOM), nested like the settings
 * file (`{ "sip": { "websocketUrl": "wss://…" } }`). A file that does not parse as a whole is
 * refused (its last good version runs); a wrong key or value is left to policyLayer, per key.
 */
export function parsePolicyJson(bytes: Uint8Array, file: string): { entries: PolicyEntry[] } | { refusal: PolicyRefusal } {
  const refuse = (line: number | null, problem: string) => ({
    refusal: { source: file, line, problem, reason: said('policyReason.invalid', { detail: `${line ? `line ${line}: ` : ''}${problem}` }) },
  });
  let text: string;
  try {
    text = decodeText(bytes).text;
  } catch (error) {
    if (error instanceof TextEncodingError) return refuse(error.line, error.problem);
    throw error;
  }
  if (text.trim() === '') return refuse(null, 'is empty: a policy file names at least one setting (delete the file for no policy)');
  const syntax = jsonSyntaxProblem(text);
  if (syntax) return refuse(syntax.line, syntax.problem);
  // The YAML reader of the settings file gives each value's line (JSON is YAML); duplicates are refused there.
  const checked = checkLocated(text, `${file}.json`, z.unknown());
  if (checked.problems.length) return refuse(checked.problems[0]?.line ?? null, checked.problems[0]?.problem ?? 'cannot be read');
  const raw = checked.raw;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return refuse(1, 'a policy is a group of settings in { }, like { "sip": { "websocketUrl": "wss://…" } }');
  return { entries: nestedEntries(raw as Record<string, unknown>, file, (path) => checked.lineOf(path)) };
}
