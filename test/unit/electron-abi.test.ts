import { describe, expect, it } from 'vitest';
import { electronAbi, electronHostProblem, sqliteBinaryAbi } from '../../src-main/cli/electron-binary';

const nodeAbi = Number(process.versions.modules);

describe('anlauf start: can Electron load the native modules as built?', () => {
  it("reads the installed Electron's ABI from its package", () => {
    expect(electronAbi()).toBeGreaterThan(nodeAbi);
  });

  it("finds the ABI better-sqlite3 was built for: this Node's when it loads, else the one Node names", () => {
    // In this checkout it is built for Node, as `npm ci` does.
    expect(sqliteBinaryAbi()).toBe(nodeAbi);
    const refusal = new Error(
      "The module '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 150. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
    );
    expect(
      sqliteBinaryAbi(() => {
        throw refusal;
      }, 115),
    ).toBe(150);
    expect(
      sqliteBinaryAbi(() => {
        throw new Error('libc.so.6: version GLIBC_2.38 not found');
      }, 115),
    ).toBeNull();
  });

  it("falls back to the browser host, saying why, when the binary is not Electron's", () => {
    expect(electronHostProblem({ nodeAbi: 115, binaryAbi: 115, electronAbi: 150 })).toBe(
      'better-sqlite3 is built for Node (ABI 115) and Electron needs ABI 150',
    );
    expect(electronHostProblem({ nodeAbi: 115, binaryAbi: 143, electronAbi: 150 })).toBe('better-sqlite3 is built for ABI 143 and Electron needs ABI 150');
    expect(electronHostProblem({ nodeAbi: 115, binaryAbi: 115, electronAbi: null })).toBe('better-sqlite3 is built for Node (ABI 115), not for Electron');
    // Built for Electron (after install-app-deps), or nothing known: Electron is started.
    expect(electronHostProblem({ nodeAbi: 115, binaryAbi: 150, electronAbi: 150 })).toBeNull();
    expect(electronHostProblem({ nodeAbi: 115, binaryAbi: null, electronAbi: 150 })).toBeNull();
    expect(electronHostProblem({ nodeAbi: 115, binaryAbi: 143, electronAbi: null })).toBeNull();
  });

  it('says so here, in one line, for this checkout', () => {
    const problem = electronHostProblem({ nodeAbi, binaryAbi: sqliteBinaryAbi(), electronAbi: electronAbi() });
    expect(problem).toBe(`better-sqlite3 is built for Node (ABI ${nodeAbi}) and Electron needs ABI ${electronAbi()}`);
    expect(problem).not.toContain('\n');
  });
});
