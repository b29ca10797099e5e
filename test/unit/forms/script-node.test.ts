import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { SAMPLE_CONTEXT } from '../../../src-main/core/scripts/preview';
import { formatProblem } from '../../../src-main/core/scripts/problems';
import { referencesFromSettings } from '../../../src-main/core/scripts/references';
import { ScriptSession } from '../../../src-main/core/scripts/session';
import { viewOf } from '../../../src-main/core/scripts/script-sessions';

const SCRIPT = `id: outage
title: Outage
campaign: support
language: en
sections:
  - id: main
    nodes:
      - id: report
        type: say
        text: Take down the fault.
        form: fault-report
      - id: done
        type: end
`;

const references = (forms: string[]) => ({ ...referencesFromSettings({ clients: [], wrapUp: { dispositions: [] } } as never), forms });

describe('a script node that opens a form', () => {
  it('offers the form at its node in the script view', () => {
    const result = parseScript(SCRIPT, 'outage.yaml');
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const view = viewOf(new ScriptSession(result.script, SAMPLE_CONTEXT));
    expect(view.current).toMatchObject({ id: 'report', form: { formId: 'fault-report' } });
  });

  it('warns when the node names a form that is not loaded, and suggests a close one', () => {
    const result = parseScript(SCRIPT.replace('form: fault-report', 'form: fault-reprot'), 'outage.yaml', {
      references: references(['fault-report', 'cancellation']),
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings?.map(formatProblem)).toEqual([
      'outage.yaml:11:15: warning: no form "fault-reprot" is loaded (did you mean "fault-report"?): the agent is offered it once a form file with this id is in the script folder',
    ]);
    const known = parseScript(SCRIPT, 'outage.yaml', { references: references(['fault-report']) });
    expect(known.ok && known.warnings).toEqual([]);
  });

  it('refuses form on an end node, as any unknown field', () => {
    const result = parseScript(SCRIPT.replace('        type: end\n', '        type: end\n        form: fault-report\n'), 'outage.yaml');
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^unknown field "form"/)]);
  });
});
