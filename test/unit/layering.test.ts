import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/temp';

// The import rules need no types; type-aware parsing would refuse these made-up files, which no tsconfig includes.
const eslint = new ESLint({ cwd: projectRoot, overrideConfig: tseslint.configs.disableTypeChecked });

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

  it('keeps the hosts off any one Workstation: they run a Desk, whose Workstation changes at every sign-in', async () => {
    const importing = (from: string) => `import type { Workstation } from '${from}';\nexport type A = Workstation;\n`;
    for (const file of ['src-main/electron/x.ts', 'src-main/web/x.ts', 'src-main/cli/x.ts']) {
      expect(await boundaryErrors(file, importing('../core/workstation')), file).toEqual([expect.stringContaining('A host runs a Desk')]);
      expect(await boundaryErrors(file, "import type { IDeskHost } from '../core/desk/desk-host';\nexport type A = IDeskHost;\n"), file).toEqual([]);
    }
    // The Dispatcher below the hosts still reaches a Workstation's services.
    expect(await boundaryErrors('src-main/api/x.ts', importing('../core/workstation'))).toEqual([]);
  });

  it('keeps the core from importing hosts and the renderer', async () => {
    expect(await boundaryErrors('src-main/core/x.ts', "import { startWebHost } from '../web/server';\nexport const a = startWebHost;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/x.ts', "import { Dispatcher } from '../api/dispatcher';\nexport const a = Dispatcher;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/x.ts', "import { create } from 'zustand';\nexport const a = create;\n")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/x.ts', "import { commands } from '../contract';\nexport const a = commands;\n")).toEqual([]);
  });

  it("keeps the core's folders in their layers: a folder imports only the layers below its own", async () => {
    const importing = (from: string) => `import { a } from '${from}';\nexport const b = a;\n`;
    expect(await boundaryErrors('src-main/core/store/x.ts', importing('../wrapup/wrap-up-service'))).toEqual([
      expect.stringContaining('core/store/ may import only the core folders below its layer (files, platform)'),
    ]);
    expect(await boundaryErrors('src-main/core/clients/x.ts', importing('../outbound/callbacks'))).toHaveLength(1);
    // Folders of one layer do not import each other either.
    expect(await boundaryErrors('src-main/core/scripts/x.ts', importing('../settings/settings-service'))).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/phone/sip/x.ts', importing('../../calls/call-context-service'))).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/media/x.ts', importing('../workstation'))).toHaveLength(1);
    // Downwards, to the root's helpers, and within the folder is fine.
    expect(await boundaryErrors('src-main/core/wrapup/x.ts', importing('../store/call-log'))).toEqual([]);
    expect(await boundaryErrors('src-main/core/phone/sip/x.ts', importing('../../media/media-bridge'))).toEqual([]);
    expect(await boundaryErrors('src-main/core/phone/sip/x.ts', importing('../phone-line'))).toEqual([]);
    expect(await boundaryErrors('src-main/core/store/x.ts', importing('../clock'))).toEqual([]);
    // A folder's own rule keeps the core's: no hosts, no renderer.
    expect(await boundaryErrors('src-main/core/calls/x.ts', importing('zustand'))).toEqual([expect.stringContaining('never imports the renderer')]);
    expect(await boundaryErrors('src-main/core/store/x.ts', importing('../../web/server'))).toEqual([
      expect.stringContaining('may not import hosts or adapters'),
    ]);
  });

  it('places every folder of the core in exactly one layer', async () => {
    const { coreLayers } = (await import(pathToFileURL(path.join(projectRoot, 'eslint.config.mjs')).href)) as { coreLayers: string[][] };
    const folders = fs
      .readdirSync(path.join(projectRoot, 'src-main/core'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const listed = coreLayers.flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(folders.sort());
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

  it("lets the renderer tests' stand-in for main build its API from the contract's values, and nothing else of main", async () => {
    expect(await boundaryErrors('src-renderer/test/x.ts', "import { commands } from '../../src-main/contract';\nexport const a = commands;\n")).toEqual([]);
    expect(
      await boundaryErrors('src-renderer/test/x.ts', "import { Workstation } from '../../src-main/core/workstation';\nexport const a = Workstation;\n"),
    ).toEqual([expect.stringContaining('only through window.anlauf')]);
    // The page's own code still may not.
    expect(await boundaryErrors('src-renderer/store/x.ts', "import { commands } from '../../src-main/contract';\nexport const a = commands;\n")).toEqual([
      expect.stringContaining('Import only types from the contract'),
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
