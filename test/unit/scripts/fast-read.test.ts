import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastRead } from '../../../src-main/core/scripts/fast-read';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { projectRoot } from '../../support/paths';

/** Every script file the project has: the samples and the test fixtures, valid and broken. */
function scriptFiles(): string[] {
  const dirs = [
    path.join(projectRoot, 'resources', 'scripts'),
    path.join(projectRoot, 'test', 'fixtures', 'scripts'),
    path.join(projectRoot, 'test', 'fixtures', 'scripts', 'broken'),
  ];
  return dirs.flatMap((dir) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => path.join(dir, f))
      : [],
  );
}

/** A trailing comment with an anchor-like word sends a file the full way, lines unchanged. */
const slowly = (text: string) => `${text}\n# &full-way\n`;

describe('the fast reader', () => {
  const files = scriptFiles();

  it('reads the samples and most fixtures (else it would save nothing)', () => {
    expect(files.length).toBeGreaterThan(10);
    const samples = files.filter((f) => f.includes(`${path.sep}resources${path.sep}`));
    expect(samples.map((f) => fastRead(fs.readFileSync(f, 'utf8')) !== null)).toEqual(samples.map(() => true));
    expect(fastRead(slowly('id: x\n'))).toBeNull();
  });

  it.each(files.map((f) => [path.relative(projectRoot, f), f]))('gives %s the same result, lines and problems as the document model', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const fast = parseScript(text, 'x.yaml');
    const full = parseScript(slowly(text), 'x.yaml');
    expect(fast).toEqual(full);
  });

  it('leaves duplicate keys, tabs, tags, includes and numbers with _ to the document model', () => {
    for (const text of ['id: a\nid: b\n', 'a:\n\t b: 1\n', 'text: !Wichtig ja\n', 'nodes:\n  - include: shared/a.yaml\n', 'max: 1_000\n', 'max: 0b101\n']) {
      expect(fastRead(text)).toBeNull();
    }
  });

  it('gives each node the line it is written on', () => {
    const text =
      'id: t\ntitle: T\ncampaign: c\nlanguage: en\nsections:\n  - id: s\n    nodes:\n      - id: a\n        type: say\n        text: Hi\n\n      -   { id: b, type: say, text: "x" }\n      -\n        id: c\n        type: end\n';
    const result = parseScript(text, 'x.yaml');
    expect(result.ok && [...result.script.nodes.values()].map((n) => [n.id, n.line])).toEqual([
      ['a', 8],
      ['b', 12],
      ['c', 14],
    ]);
    expect(result).toEqual(parseScript(slowly(text), 'x.yaml'));
  });
});
