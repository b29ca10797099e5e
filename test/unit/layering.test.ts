import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/temp';

// The import rules need no types; type-aware parsing would refuse these made-up files, which no tsconfig includes.
const eslint = new ESLint({ cwd: projectRoot, overrideConfig: tseslint.configs.disableTypeChecked });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
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

  it('keeps the contract free of everything but zod', async () => {
    expect(await boundaryErrors('src-main/contract/x.ts', "import { Workstation } from '../core/workstation';\nexport const a = Workstation;\n")).toHaveLength(
      1,
    );
    expect(await boundaryErrors('src-main/contract/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
  });
});
