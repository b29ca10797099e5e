import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../support/paths';

const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const script = path.join(projectRoot, 'scripts', 'icons.mjs');

/** Width, height, bit depth and colour type from a PNG's IHDR, or null when it is no PNG. */
function pngHeader(data: Buffer): { width: number; height: number; depth: number; colour: number } | null {
  if (!data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return null;
  if (data.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), depth: data[24]!, colour: data[25]! };
}

/** The images of an ICO file: each entry's size and whether its data is a PNG or a DIB of that size. */
function icoImages(data: Buffer): { size: number; format: string }[] {
  expect(data.readUInt16LE(0), 'reserved').toBe(0);
  expect(data.readUInt16LE(2), 'type 1 = icon').toBe(1);
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const entry = 6 + i * 16;
    const size = data[entry] || 256;
    expect(data[entry + 1] || 256, 'square').toBe(size);
    const length = data.readUInt32LE(entry + 8);
    const offset = data.readUInt32LE(entry + 12);
    expect(offset + length, 'inside the file').toBeLessThanOrEqual(data.length);
    const image = data.subarray(offset, offset + length);
    const png = pngHeader(image);
    if (png) {
      expect([png.width, png.height]).toEqual([size, size]);
      return { size, format: 'png' };
    }
    // A DIB: BITMAPINFOHEADER (40 bytes), height doubled for the AND mask, 32 bits per pixel.
    expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([40, size, size * 2, 32]);
    return { size, format: 'bmp' };
  });
}

/** The chunks of an ICNS file by type, each PNG-encoded one with its pixel size. */
function icnsChunks(data: Buffer): Map<string, number | null> {
  expect(data.toString('ascii', 0, 4)).toBe('icns');
  expect(data.readUInt32BE(4), 'the length field is the file length').toBe(data.length);
  const chunks = new Map<string, number | null>();
  for (let at = 8; at < data.length;) {
    const type = data.toString('ascii', at, at + 4);
    const length = data.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    chunks.set(type, pngHeader(data.subarray(at + 8, at + length))?.width ?? null);
    at += length;
  }
  return chunks;
}

describe("the installers' icons (scripts/icons.mjs, run by npm run dist)", () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-icons-'));
    execFileSync(process.execPath, [script, '--out', out, '--quiet'], { cwd: projectRoot });
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('draws the source image at 1024 px, 8-bit RGBA', () => {
    expect(pngHeader(fs.readFileSync(path.join(out, 'icon.png')))).toEqual({ width: 1024, height: 1024, depth: 8, colour: 6 });
  });

  it('makes an ICO with every size Windows shows, up to 256 px', () => {
    const images = icoImages(fs.readFileSync(path.join(out, 'icon.ico')));
    expect(images.map((image) => image.size)).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
    // Older Windows draws only bitmaps in small sizes; 256 px is a PNG (a bitmap would be 256 KB).
    expect(images.find((image) => image.size === 16)?.format).toBe('bmp');
    expect(images.find((image) => image.size === 256)?.format).toBe('png');
  });

  it('makes an ICNS with the Retina sizes up to 1024 px', () => {
    const chunks = icnsChunks(fs.readFileSync(path.join(out, 'icon.icns')));
    // ic07..ic10: 128, 256, 512 and 1024 px (512@2x), PNG-encoded.
    expect([chunks.get('ic07'), chunks.get('ic08'), chunks.get('ic09'), chunks.get('ic10')]).toEqual([128, 256, 512, 1024]);
  });

  it('makes the Linux PNGs, each as large as its name says', () => {
    const files = fs.readdirSync(path.join(out, 'icons')).sort((a, b) => parseInt(a) - parseInt(b));
    expect(files).toEqual(['16x16.png', '24x24.png', '32x32.png', '48x48.png', '64x64.png', '128x128.png', '256x256.png', '512x512.png', '1024x1024.png']);
    for (const file of files) {
      const size = parseInt(file);
      expect(pngHeader(fs.readFileSync(path.join(out, 'icons', file))), file).toEqual({ width: size, height: size, depth: 8, colour: 6 });
    }
  });

  it('is what electron-builder.yml points to, in the build resources folder, made before electron-builder runs', () => {
    const resources = config.directories.buildResources as string;
    expect(config.win.icon).toBe(`${resources}/icon.ico`);
    expect(config.mac.icon).toBe(`${resources}/icon.icns`);
    expect(config.linux.icon).toBe(`${resources}/icons`);
    const dist = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.dist!;
    expect(dist.indexOf('node scripts/icons.mjs')).toBeGreaterThan(-1);
    expect(dist.indexOf('node scripts/icons.mjs')).toBeLessThan(dist.indexOf('electron-builder'));
    // Generated, never committed.
    const ignored = fs.readFileSync(path.join(projectRoot, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining([`${resources}/icon.png`, `${resources}/icon.ico`, `${resources}/icon.icns`, `${resources}/icons/`]));
  });
});
