import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { projectRoot } from '../support/paths';

/**
 * `anlauf scripts preview` as a trainer runs it (the built CLI): it never invents an answer, says
 * which answers it assumed or refused, and fails when the answers given are not the ones used.
 */

const sample = (name: string) => path.join(projectRoot, 'resources', 'scripts', name);
const preview = (file: string, answers?: object) => runCli(['scripts', 'preview', sample(file), ...(answers ? ['--answers', JSON.stringify(answers)] : [])]);

describe('anlauf scripts preview', () => {
  it('stops at a required question without an answer instead of taking the first option', async () => {
    const { code, stdout } = await preview('survey.de.yaml');
    expect(code).toBe(0);
    expect(stdout).not.toContain('→ answer:');
    expect(stdout).toContain(
      `    → no answer: the preview stops here, because "q_einverstanden" is required; give its answer with --answers '{"q_einverstanden": …}'`,
    );
    expect(stdout).toContain('Path: willkommen → q_einverstanden\nStopped at: q_einverstanden (required, no answer)\n');
  });

  it('takes a choice by its value or its label, in any case, and says which optional questions it left unanswered', async () => {
    const { code, stdout } = await preview('survey.de.yaml', {
      q_einverstanden: 'Ja',
      q_zufriedenheit: 2,
      q_grund: 'der preis',
      q_empfehlung: 7,
      q_kanaele: ['TELEFONISCH', 'email'],
    });
    expect(code).toBe(0);
    expect(stdout).toContain('    → answer: Der Preis\n');
    expect(stdout).toContain('    → answer: Telefonisch, Per E-Mail\n');
    expect(stdout).toContain(
      '[q_grund_text] QUESTION (text, optional, …1000)\n    Möchten Sie uns mehr dazu sagen? (freiwillig)\n    → no answer (assumed: left unanswered, so the default way on)\n',
    );
    expect(stdout).toContain('Assumed unanswered: q_grund_text, q_kunde_seit');
    expect(stdout).toContain('Refused answers: none');
  });

  it('follows the option a label names, not the first one', async () => {
    const { code, stdout } = await preview('support.en.yaml', { q_identified: 'yes', q_concern: 'power or gas OUTAGE', q_outage_known: 'no' });
    expect(code).toBe(0);
    expect(stdout).toContain('Path: greeting → q_identified → q_concern → outage_info → q_outage_known → outage_report');
  });

  it('shows a refused answer with why, stops there, and exits 1', async () => {
    const { code, stdout } = await preview('survey.en.yaml', { q_consent: 'yes', q_satisfaction: 9 });
    expect(code).toBe(1);
    expect(stdout).toContain(
      '    ! the answer 9 is refused: Please give a rating from 1 to 5.\n    → no answer: the preview stops here, because "q_satisfaction" is required',
    );
    expect(stdout).toContain('Refused answers: q_satisfaction = 9 (Please give a rating from 1 to 5.)');
    expect(stdout).not.toContain('[q_recommend]');
  });

  it('names a misspelt question id in --answers, with the id meant, and exits 1', async () => {
    const { code, stdout } = await preview('survey.de.yaml', { q_einverstanden: 'nein', q_zufriedenhiet: 3 });
    expect(code).toBe(1);
    expect(stdout).toContain(
      '! --answers names "q_zufriedenhiet", which is no question of this script (did you mean "q_zufriedenheit"?); its answer is not used',
    );
    expect(stdout).toContain('Unknown ids in --answers: q_zufriedenhiet');
  });
});
