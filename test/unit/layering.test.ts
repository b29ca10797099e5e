import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/temp';

const eslint = new ESLint({ cwd: projectRoot });

async function boundaryErrors(file: string, code: string, rules = ['@typescript-eslint/no-restricted-imports']): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && rules.includes(m.ruleId)).map((m) => m.message);
}

describe('the layering lint rule', () => {
  it('keeps electron out of everything but the electron adapter', async () => {
    expect(await boundaryErrors('src-main/core/phone/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringContaining('Only src-main/electron/ may import electron'),
    ]);
    expect(await boundaryErrors('src-main/web/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });

  it('keeps the core from importing hosts and the renderer', async () => {
    expect(await boundaryErrors('src-main/core/x.ts', "import { startWebHost } from '../web/server';\nexport const a = startWebHost;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/x.ts', "import { Dispatcher } from '../api/dispatcher';\nexport const a = Dispatcher;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/x.ts', "import { create } from 'zustand';\nexport const a = create;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/x.ts', "import { commands } from '../contract';\nexport const a = commands;\n")).toEqual([]);
  });

  it('lets the renderer import only types from the contract, and nothing else of main', async () => {
    expect(await boundaryErrors('src-renderer/x.ts', "import type { Snapshot } from '../src-main/contract';\nexport type A = Snapshot;\n")).toEqual([]);
    expect(await boundaryErrors('src-renderer/x.ts', "import { commands } from '../src-main/contract';\nexport const a = commands;\n")).toEqual([
      expect.stringContaining('Import only types from the contract'),
    ]);
    expect(await boundaryErrors('src-renderer/x.ts', "import { Workstation } from '../src-main/core/workstation';\nexport const a = Workstation;\n")).toEqual([
      expect.stringContaining('only through window.anlauf'),
    ]);
    expect(await boundaryErrors('src-renderer/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toEqual([
      expect.stringContaining('no Node modules'),
    ]);
  });

  it('lets the renderer and the core import values from the shared layer', async () => {
    expect(await boundaryErrors('src-renderer/x.ts', "import { END_CAUSES } from '../src-main/shared/calls';\nexport const a = END_CAUSES;\n")).toEqual([]);
    expect(
      await boundaryErrors('src-renderer/components/x/x.tsx', "import { END_CAUSES } from '../../../src-main/shared/calls';\nexport const a = END_CAUSES;\n"),
    ).toEqual([]);
    expect(await boundaryErrors('src-main/core/x/x.ts', "import { END_CAUSES } from '../../shared/calls';\nexport const a = END_CAUSES;\n")).toEqual([]);
  });

  it('keeps the shared layer pure: no Node, no zod, no React, no DOM, nothing else of main', async () => {
    const shared = (code: string) => boundaryErrors('src-main/shared/x.ts', code, ['@typescript-eslint/no-restricted-imports', 'no-restricted-globals']);
    expect(await shared("import fs from 'node:fs';\nexport const a = fs;\n")).toEqual([expect.stringContaining('src-main/shared/ is pure')]);
    expect(await shared("import path from 'path';\nexport const a = path;\n")).toEqual([expect.stringContaining('src-main/shared/ is pure')]);
    expect(await shared("import { z } from 'zod';\nexport const a = z;\n")).toEqual([expect.stringContaining('src-main/shared/ is pure')]);
    expect(await shared("import { useState } from 'react';\nexport const a = useState;\n")).toEqual([expect.stringContaining('src-main/shared/ is pure')]);
    expect(await shared("import { Clock } from '../core/clock';\nexport const a = Clock;\n")).toEqual([
      expect.stringContaining('imports only other shared files'),
    ]);
    expect(await shared("import { x } from '../../src-renderer/lib/format';\nexport const a = x;\n")).toEqual([
      expect.stringContaining('imports only other shared files'),
    ]);
    expect(await shared("import { commands } from '../contract';\nexport const a = commands;\n")).toEqual([
      expect.stringContaining('Import only types from the contract'),
    ]);
    expect(await shared('export const a = () => document.title;\n')).toEqual([expect.stringContaining('no DOM, no Node')]);
    expect(await shared('export const a = () => process.platform;\n')).toEqual([expect.stringContaining('no DOM, no Node')]);
    expect(await boundaryErrors('src-main/shared/deep/x.ts', "import { x } from '../../core/x';\nexport const a = x;\n")).toHaveLength(1);

    expect(await shared("import type { Snapshot } from '../contract';\nimport { b } from './b';\nexport type A = Snapshot;\nexport const a = b;\n")).toEqual(
      [],
    );
    expect(await boundaryErrors('src-main/shared/deep/x.ts', "import { b } from '../b';\nexport const a = b;\n")).toEqual([]);
  });

  it('keeps the contract free of everything but zod and the shared layer', async () => {
    expect(await boundaryErrors('src-main/contract/x.ts', "import { Workstation } from '../core/workstation';\nexport const a = Workstation;\n")).toHaveLength(
      1,
    );
    expect(await boundaryErrors('src-main/contract/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
    expect(await boundaryErrors('src-main/contract/x.ts', "import { END_CAUSES } from '../shared/calls';\nexport const a = END_CAUSES;\n")).toEqual([]);
  });
});
