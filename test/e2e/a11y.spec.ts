import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startCli, type RunningHost } from '../support/cli';
import { researchClient, twoClients } from '../support/clients-config';
import { projectRoot } from '../support/paths';

// axe-core scans the screens an agent spends the day on, in German and in English, against the real
// browser host: idle, settings, the scripts tab with a loaded script, a ringing call, the call
// answered, the wrap-up, and a rehearsal call with its script walk. A moderate, serious or critical
// finding fails the test, and so does such a result axe-core could not decide unless it is one
// reviewed below; minor ones are left to review.

const FAILING_IMPACTS = new Set(['serious', 'critical', 'moderate']);

// axe-core's own types, reached through @axe-core/playwright (axe-core is only its dependency).
type Result = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];
type NodeResult = Result['nodes'][number];

interface Finding {
  screen: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

let host: RunningHost;
let dataDir: string;

// A host of its own for each language: the first walk leaves a rehearsal call in wrap-up.
test.beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-e2e-a11y-'));
  const folder = path.join(dataDir, 'scripts');
  fs.mkdirSync(folder);
  fs.copyFileSync(path.join(projectRoot, 'test', 'fixtures', 'scripts', 'question-kinds.yaml'), path.join(folder, 'question-kinds.yaml'));
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, clients: [...twoClients, researchClient], scripts: { folder } }));
  host = await startCli(['--web', '--port', '0', '--data-dir', path.join(dataDir, 'data'), '--config', config]);
});

test.afterEach(async () => {
  await host?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Results axe-core could not decide ("incomplete") that were reviewed by hand and need no change.
 * Any other incomplete result of serious or critical impact fails like a violation.
 */
const REVIEWED: { id: string; why: string; applies: (node: NodeResult) => boolean }[] = [
  {
    id: 'color-contrast',
    why: "glyph-only content, such as the agent menu's aria-hidden chevron: no text to read",
    applies: (node) => checkKey(node) === 'nonBmp',
  },
  {
    id: 'color-contrast',
    why: "text over the call banner's gradient: bannerContrast() measures it against the gradient's darkest stop",
    applies: (node) => checkKey(node) === 'bgGradient',
  },
  {
    id: 'th-has-data-cells',
    why: 'the call log before its first call: a header row and no data rows yet',
    applies: (node) => /aria-rowcount="1"/.test(node.html),
  },
];

function checkKey(node: NodeResult): unknown {
  return [...node.any, ...node.all, ...node.none].map((check) => (check.data as { messageKey?: string } | null)?.messageKey).find(Boolean);
}

function collect(screen: string, results: Result[], undecided: boolean, findings: Finding[]): void {
  for (const result of results) {
    if (!FAILING_IMPACTS.has(result.impact ?? '')) continue;
    const nodes = undecided ? result.nodes.filter((node) => !REVIEWED.some((r) => r.id === result.id && r.applies(node))) : result.nodes;
    if (nodes.length === 0) continue;
    findings.push({
      screen,
      id: undecided ? `${result.id} (needs review)` : result.id,
      impact: result.impact ?? '',
      help: result.help,
      targets: nodes.map((node) => node.target.join(' ')),
    });
  }
}

/**
 * axe-core cannot judge text over a gradient. The call banner's runs from the client's colour mixed
 * into white to plain white, left to right: every text in it must read against the tinted end.
 */
async function bannerContrast(page: Page, screen: string, findings: Finding[]): Promise<void> {
  const low = await page.evaluate(() => {
    const banner = document.querySelector('.call-banner');
    if (!banner) return [];
    const rgb = (css: string): number[] => {
      const probe = document.createElement('span');
      probe.style.color = css;
      document.body.append(probe);
      const resolved = getComputedStyle(probe).color;
      probe.remove();
      const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(resolved);
      if (srgb) return srgb.slice(1, 4).map((v) => Number(v) * 255);
      return (resolved.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    };
    const luminance = (c: number[]) => {
      const [r = 0, g = 0, b = 0] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    // The gradient's first stop: the first top-level argument after the angle.
    const image = getComputedStyle(banner).backgroundImage;
    const args: string[] = [];
    let depth = 0;
    let current = '';
    for (const char of image.slice(image.indexOf('(') + 1, -1)) {
      if (char === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
        continue;
      }
      if (char === '(') depth++;
      if (char === ')') depth--;
      current += char;
    }
    const tint = luminance(rgb((args[1] ?? '').replace(/\s[\d.]+%$/, '')));
    const found: string[] = [];
    for (const element of banner.querySelectorAll<HTMLElement>('*')) {
      const text = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim());
      if (!text || element.closest('[aria-hidden="true"]')) continue;
      const style = getComputedStyle(element);
      const fg = luminance(rgb(style.color));
      const ratio = (Math.max(fg, tint) + 0.05) / (Math.min(fg, tint) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        found.push(`.${element.className.split(' ').join('.')} ${ratio.toFixed(2)}:1 "${element.textContent?.trim().slice(0, 40)}"`);
    }
    return found;
  });
  if (low.length)
    findings.push({
      screen,
      id: 'color-contrast (call banner gradient)',
      impact: 'serious',
      help: "Text must keep 4.5:1 (3:1 when large) against the banner's tint",
      targets: low,
    });
}

async function scan(page: Page, screen: string, findings: Finding[]): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  collect(screen, result.violations, false, findings);
  collect(screen, result.incomplete, true, findings);
  await bannerContrast(page, screen, findings);
}

function report(findings: Finding[]): string {
  return findings.map((f) => `${f.screen}: ${f.id} (${f.impact}) ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
}

for (const [language, locale] of [
  ['de', 'de-DE'],
  ['en', 'en-US'],
] as const) {
  test.describe(language, () => {
    test.use({ locale });

    test(`the agent's screens have no moderate, serious or critical accessibility finding (${language})`, async ({ page }) => {
      test.setTimeout(120_000);
      const findings: Finding[] = [];
      await page.goto(host.url);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.getByTestId('simulate-call')).toBeVisible();
      await scan(page, 'idle', findings);

      await page.getByTestId('settings-open').click();
      await expect(page.getByTestId('settings-dialog')).toBeVisible();
      await scan(page, 'settings', findings);
      await page.getByTestId('settings-close').click();
      await expect(page.getByTestId('settings-dialog')).toBeHidden();

      await page.getByTestId('scripts-tab').click();
      await expect(page.locator('[data-testid="loaded-script"][data-script-id="survey-kinds"]')).toBeVisible();
      await scan(page, 'scripts', findings);

      await page.getByTestId('simulate-call').click();
      await expect(page.getByTestId('incoming-call')).toBeVisible();
      await scan(page, 'ringing', findings);

      await page.getByTestId('answer').click();
      await expect(page.getByTestId('active-call')).toBeVisible();
      await scan(page, 'on call', findings);

      await page.getByTestId('hangup').click();
      const wrapUp = page.getByTestId('wrapup-panel');
      await expect(wrapUp).toBeVisible();
      await scan(page, 'wrap-up', findings);
      await page.keyboard.press('1');
      await wrapUp.getByTestId('wrapup-done').click();
      await expect(wrapUp).toBeHidden();

      await page.locator('[data-testid="loaded-script"][data-script-id="survey-kinds"]').getByTestId('script-rehearse').click();
      await page.getByTestId('incoming-call').getByTestId('answer').click();
      await expect(page.getByTestId('script-panel')).toBeVisible();
      await scan(page, 'on call with script', findings);
      await page.getByTestId('hangup').click();

      expect(findings, `axe-core found serious or critical problems:\n${report(findings)}`).toEqual([]);
    });
  });
}
