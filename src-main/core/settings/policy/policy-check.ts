import fs from 'node:fs';
import { parsePolicyJson } from './json-policy';
import { looksLikePlist, parsePolicyPlist } from './plist-policy';
import { parseRegFile } from './policy-sources';
import { policyLayer, type PolicyEntry, type PolicyLayer, type PolicyProblem, type PolicyRefusal } from './policy-values';
import { parseRegQuery, registryEntries } from './registry-policy';

/**
 * `anlauf policy validate FILE`: a policy file as a desk would read it, before it is rolled out,
 * whatever the format: JSON for Linux, an XML or binary plist for macOS, a `.reg` export (or saved
 * `reg query` output) for Windows, told apart by their content. Ownership is not checked here:
 * the file is not in place yet.
 */
export interface PolicyFileCheck {
  format: 'JSON' | 'plist' | '.reg export' | 'reg query output';
  /** Everything wrong, each with its place: a refusal means nothing in the file would apply. */
  problems: PolicyProblem[];
  refused: boolean;
  layer: PolicyLayer | null;
}

export function checkPolicyFile(file: string): PolicyFileCheck {
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1').replace(/^\xEF\xBB\xBF|^\xFF\xFE|^\xFE\xFF/, '');
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : null;
  const head = (utf16 ?? text).trimStart();
  if (looksLikePlist(bytes)) return finish('plist', parsePolicyPlist(bytes, file));
  if (/^(Windows Registry Editor Version|REGEDIT4)/.test(head)) return finish('.reg export', parseRegFile(bytes, file));
  if (/^HKEY_/i.test(head)) {
    const parsed = parseRegQuery(utf16 ?? bytes.toString('utf8'));
    return finish('reg query output', registryEntries(parsed));
  }
  return finish('JSON', parsePolicyJson(bytes, file));
}

function finish(
  format: PolicyFileCheck['format'],
  parsed: { entries: PolicyEntry[]; problems?: PolicyProblem[] } | { refusal: PolicyRefusal },
): PolicyFileCheck {
  if ('refusal' in parsed) {
    const { source, line, problem } = parsed.refusal;
    return { format, problems: [{ source, line, key: null, problem }], refused: true, layer: null };
  }
  const layer = policyLayer(parsed);
  // In the order of the file, so an admin reads them top to bottom.
  const problems = [...(parsed.problems ?? []), ...layer.problems].map((p, i) => ({ p, i }));
  problems.sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i);
  return { format, problems: problems.map(({ p }) => p), refused: false, layer };
}
