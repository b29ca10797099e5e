import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';

// What the repository holds is what a fresh clone gets: installed packages, or a link to where
// one machine keeps them, must never be in it. A worktree that links the shared node_modules
// committed that link twice; checked out, it replaced the real folder with a link to itself.
describe('the repository', () => {
  const tracked = execFileSync('git', ['ls-files', '-s'], { cwd: projectRoot, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', file = ''] = line.split('\t');
      return { mode: meta.split(' ')[0], file };
    });

  it('tracks no node_modules, as a folder or a link', () => {
    expect(tracked.filter((t) => t.file === 'node_modules' || t.file.startsWith('node_modules/'))).toEqual([]);
  });

  it('tracks no link that points out of the repository', () => {
    const outward = tracked
      .filter((t) => t.mode === '120000')
      .filter((t) => {
        const target = fs.readlinkSync(path.join(projectRoot, t.file));
        return path.isAbsolute(target) || !path.resolve(projectRoot, path.dirname(t.file), target).startsWith(projectRoot + path.sep);
      })
      .map((t) => t.file);
    expect(outward).toEqual([]);
  });
});
