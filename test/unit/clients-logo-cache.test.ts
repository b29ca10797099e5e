import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogoCache } from '../../src-main/core/clients/logo';
import { silentLogger } from '../../src-main/core/log';
import { tempDir } from '../support/temp';

describe('LogoCache', () => {
  it('reads a logo file once and keeps its data: URL, even after the file is gone', () => {
    const file = path.join(tempDir(), 'logo.svg');
    fs.writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const logos = new LogoCache(silentLogger);
    const first = logos.get(file);
    expect(first).toMatch(/^data:image\/svg\+xml/);
    fs.rmSync(file);
    expect(logos.get(file)).toBe(first);
  });

  it('has no logo for no value and for an unusable one', () => {
    const logos = new LogoCache(silentLogger);
    expect(logos.get(null)).toBeNull();
    expect(logos.get('logo.txt')).toBeNull();
  });
});
