import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { previewScript } from '../../../src-main/core/scripts/preview';
import { ScriptSession } from '../../../src-main/core/scripts/session';

/** `hint:` on say nodes: for the agent's eyes, never read out. */

const script = (hint: string) => `id: t
title: T
campaign: c
language: de
sections:
  - id: s
    nodes:
      - id: legal
        type: say
        text: Dieses Gespräch wird aufgezeichnet.
        hint: ${hint}
      - { id: bye, type: end }
`;

describe('hints on say nodes', () => {
  it('keeps the hint apart from the text read out, with its variables filled in', () => {
    const result = parseScript(script('"Widerspricht {{customer.firstName | der Kunde}}, **sofort** F9 drücken."'), 'x.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const node = result.script.nodes.get('legal');
    expect(node).toMatchObject({ type: 'say', text: 'Dieses Gespräch wird aufgezeichnet.' });
    const session = new ScriptSession(result.script, { customer: { firstName: 'Erika' } });
    expect(session.text()).toBe('Dieses Gespräch wird aufgezeichnet.');
    expect(node?.type === 'say' && session.interpolate(node.hint ?? '')).toBe('Widerspricht Erika, **sofort** F9 drücken.');
  });

  it('shows the hint in the preview as (hint: …), below the text', () => {
    const result = parseScript(script('"Widerspricht der Kunde, **sofort** F9 drücken."'), 'x.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    expect(previewScript(result.script)).toContain(
      '[legal]\n    Dieses Gespräch wird aufgezeichnet.\n    (hint: Widerspricht der Kunde, sofort F9 drücken.)\n',
    );
  });

  it("checks the hint's variables where they are written, and refuses a hint that is no text", () => {
    const problems = (text: string) => {
      const result = parseScript(text, 'x.yaml');
      return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
    };
    expect(problems(script('"Frag nach {{customer.town}}"'))).toEqual([expect.stringMatching(/^11:26 unknown-variable: unknown variable "customer.town"/)]);
    expect(problems(script('[a, b]'))).toEqual(['11:15 wrong-type: hint must be text, not a list']);
  });
});
