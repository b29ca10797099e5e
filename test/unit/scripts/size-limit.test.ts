import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';

/** A script of `nodes` say nodes written like the samples (about 240 bytes a node), then an end. */
function longScript(nodes: number): string {
  const lines = ['id: long', 'title: A long guide', 'campaign: support', 'language: en', 'sections:', '  - id: main', '    nodes:'];
  for (let i = 0; i < nodes; i++) {
    lines.push(
      `      - id: step_${i}`,
      '        type: say',
      '        text: |',
      `          Step ${i + 1}: read the meter number to the customer, {{customer.name | Sir or Madam}},`,
      '          and check it against the number on the last invoice before going on.',
    );
  }
  lines.push('      - { id: done, type: end, disposition: resolved }');
  return lines.join('\n') + '\n';
}

describe('the size a script may have', () => {
  it('takes a 2000-node script written like the samples', () => {
    const text = longScript(2000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(400 * 1024);
    const result = parseScript(text, 'long.yaml');
    expect(result.ok ? result.script.nodes.size : result.problems.slice(0, 1)).toBe(2001);
  });
});
