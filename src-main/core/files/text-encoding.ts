/**
 * The text of a file an admin wrote, from its bytes. Settings files come from many editors and
 * scripts: Notepad saves UTF-8 with a BOM, PowerShell 5.1's `Out-File` and `>` write UTF-16 LE
 * with a BOM, an old editor may save Windows-1252. The first two are read; anything that is not
 * valid UTF-8 is refused with the place of the first bad byte, because reading it as UTF-8 would
 * turn `ü` in a greeting into `�` without a word, and guessing a code page could be wrong.
 */
export class TextEncodingError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'TextEncodingError';
  }
}

const BOMS: { bytes: number[]; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; name: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', name: 'UTF-8 with BOM' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', name: 'UTF-16 LE' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', name: 'UTF-16 BE' },
];

/** Decodes UTF-8 (with or without BOM) or BOM-marked UTF-16; throws TextEncodingError otherwise. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  // UTF-32 LE starts with FF FE 00 00, which would otherwise pass for UTF-16 LE.
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]))
    throw new TextEncodingError(1, 'is saved as UTF-32; save it as UTF-8');
  for (const bom of BOMS) {
    if (!startsWith(bytes, bom.bytes)) continue;
    const body = bytes.subarray(bom.bytes.length);
    if (bom.encoding !== 'utf-8' && body.length % 2 !== 0)
      throw new TextEncodingError(1, `starts with a ${bom.name} byte-order mark but is cut off mid-character`);
    return { text: strict(body, bom.encoding, bom.name), encoding: bom.name };
  }
  // UTF-16 without a BOM: every other byte of ASCII text is zero, which UTF-8 text never has.
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0))
    throw new TextEncodingError(1, 'looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with BOM)');
  return { text: strict(bytes, 'utf-8', 'UTF-8'), encoding: 'UTF-8' };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

function strict(bytes: Uint8Array, encoding: string, name: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    if (encoding !== 'utf-8') throw new TextEncodingError(1, `is not valid ${name} text`);
    const at = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, at).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    // A lone byte of 0xA0..0xFF is what Windows-1252 / ISO-8859-1 writes for ä, ö, ü, ß, é.
    const guess = (bytes[at] ?? 0) >= 0xa0 ? ' (Windows-1252 / ISO-8859-1, as an old editor saves it?)' : '';
    throw new TextEncodingError(line, `is not UTF-8: byte 0x${byte}${guess}; save the file as UTF-8`);
  }
}

/** The offset of the first byte that does not continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    // Overlong forms and surrogates are invalid too; the decoder refused them, so name the lead byte.
    if (length === 3 || length === 4) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
    }
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
