// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';

type Tree = { [key: string]: string | Tree };

function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`)));
}

function lookup(tree: Tree, path: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return node;
}

// A string path: under jsdom the global URL is not Node's, and fileURLToPath refuses it.
const rendererRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `t('a.b')` keys, and the fixed prefix of `t(`a.${x}`)` keys. */
function usedKeys(): { file: string; key: string; dynamic: boolean }[] {
  const found: { file: string; key: string; dynamic: boolean }[] = [];
  for (const file of sourceFiles(rendererRoot)) {
    const source = readFileSync(file, 'utf8');
    const name = relative(rendererRoot, file);
    for (const match of source.matchAll(/\bt\(\s*(['"])([^'"]+)\1/g)) {
      found.push({ file: name, key: match[2] ?? '', dynamic: false });
    }
    for (const match of source.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) {
      found.push({ file: name, key: (match[1] ?? '').replace(/\.$/, ''), dynamic: true });
    }
  }
  return found;
}

describe('translations', () => {
  it('have the same keys in German and English', () => {
    expect(leafKeys(de).sort()).toEqual(leafKeys(en).sort());
  });

  it('leave no text empty', () => {
    for (const resource of [de, en]) {
      for (const key of leafKeys(resource)) expect(lookup(resource, key), key).not.toBe('');
    }
  });

  it('give every plural form its count', () => {
    for (const resource of [de, en]) {
      for (const key of leafKeys(resource).filter((k) => /_(one|other)$/.test(k))) {
        expect(String(lookup(resource, key)), key).toContain('{{count}}');
        expect(typeof lookup(resource, key.replace(/_(one|other)$/, '_other')), key).toBe('string');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of leafKeys(en)) expect(placeholders(lookup(de, key)), key).toEqual(placeholders(lookup(en, key)));
  });

  it('cover every key the components use', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(40);
    for (const { file, key, dynamic } of used) {
      for (const [language, resource] of [
        ['de', de],
        ['en', en],
      ] as const) {
        // A key with a count may exist only in its plural forms (`key_one`, `key_other`).
        const node = lookup(resource, key) ?? lookup(resource, `${key}_other`);
        if (dynamic) expect(typeof node, `${file}: ${key}.* in ${language}`).toBe('object');
        else expect(typeof node, `${file}: ${key} in ${language}`).toBe('string');
      }
    }
  });
});
