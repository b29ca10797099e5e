// The installers' icons, made from one source: the drawing below. It is rendered to build/icon.png
// (1024 px, the source image), from which png2icons makes build/icon.ico (Windows: exe, NSIS, MSI)
// and build/icon.icns (macOS); Linux gets build/icons/<N>x<N>.png, drawn at each size from the same
// shapes so the small ones stay sharp. Run by `npm run dist` before electron-builder; the files are
// not committed (.gitignore). `--out DIR` writes elsewhere (the test). The output is the same bytes
// on every run, so a release can be rebuilt and compared.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import png2icons from 'png2icons';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_SIZE = 1024;
/** What electron-builder's Linux targets take from a folder (hicolor sizes; the name carries the size). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

// The drawing, in units of the icon's edge (0..1): a blue rounded square inset as macOS's icon grid
// expects, and in it a white bar running up to a forward triangle — "Anlauf" is a run-up.
const INSET = 100 / 1024;
const RADIUS = 185 / 1024;
const TOP = [0x25, 0x63, 0xeb];
const BOTTOM = [0x1e, 0x3a, 0x8a];
const BAR = { x0: 0.27, x1: 0.5, y0: 0.455, y1: 0.545 };
const TRIANGLE = [
  [0.45, 0.3],
  [0.75, 0.5],
  [0.45, 0.7],
];

function inRoundedSquare(x, y) {
  const lo = INSET;
  const hi = 1 - INSET;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + RADIUS), hi - RADIUS);
  const cy = Math.min(Math.max(y, lo + RADIUS), hi - RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

function inTriangle(x, y) {
  const side = ([ax, ay], [bx, by]) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  const [a, b, c] = TRIANGLE;
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

const inMark = (x, y) => inTriangle(x, y) || (x >= BAR.x0 && x <= BAR.x1 && y >= BAR.y0 && y <= BAR.y1);

/** RGBA pixels of the icon at `size`, each pixel the average of 4×4 samples (smooth edges). */
export function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    const shade = py / (size - 1);
    const fill = TOP.map((top, i) => top + (BOTTOM[i] - top) * shade);
    for (let px = 0; px < size; px++) {
      let body = 0;
      let mark = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          if (!inRoundedSquare(x, y)) continue;
          body++;
          if (inMark(x, y)) mark++;
        }
      }
      const at = (py * size + px) * 4;
      if (body === 0) continue;
      // Colour over the body's coverage: white where the mark is, the gradient elsewhere.
      const white = mark / body;
      for (let i = 0; i < 3; i++) pixels[at + i] = Math.round(fill[i] * (1 - white) + 255 * white);
      pixels[at + 3] = Math.round((255 * body) / (n * n));
    }
  }
  return pixels;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG file (8-bit RGBA, no filter) of square RGBA pixels. */
export function encodePng(pixels, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes icon.png, icon.ico, icon.icns and icons/<N>x<N>.png into `outDir`; returns their paths. */
export function writeIcons(outDir) {
  fs.mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  const source = encodePng(drawIcon(SOURCE_SIZE), SOURCE_SIZE);
  const written = { source: path.join(outDir, 'icon.png'), ico: path.join(outDir, 'icon.ico'), icns: path.join(outDir, 'icon.icns'), linux: [] };
  fs.writeFileSync(written.source, source);
  // Bicubic downscaling, all colours. forWinExe: PNG entries, but BMP below 64 px, which the
  // properties dialogs of older Windows versions need.
  const ico = png2icons.createICO(source, png2icons.BICUBIC, 0, false, true);
  const icns = png2icons.createICNS(source, png2icons.BICUBIC, 0);
  if (!ico || !icns) throw new Error('png2icons could not convert build/icon.png');
  fs.writeFileSync(written.ico, ico);
  fs.writeFileSync(written.icns, icns);
  for (const size of LINUX_SIZES) {
    const file = path.join(outDir, 'icons', `${size}x${size}.png`);
    fs.writeFileSync(file, size === SOURCE_SIZE ? source : encodePng(drawIcon(size), size));
    written.linux.push(file);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outAt = process.argv.indexOf('--out');
  const outDir = outAt > 0 && process.argv[outAt + 1] ? path.resolve(process.argv[outAt + 1]) : path.join(root, 'build');
  const started = Date.now();
  const written = writeIcons(outDir);
  if (!process.argv.includes('--quiet'))
    process.stderr.write(`icons written to ${path.relative(root, outDir) || '.'} in ${Date.now() - started} ms (${2 + written.linux.length + 1} files)\n`);
}
