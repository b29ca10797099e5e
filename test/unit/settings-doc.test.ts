import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSettingsDoc } from '../../scripts/settings-doc';
import { projectRoot } from '../support/temp';

describe('docs/settings.md', () => {
  it('is generated from the current settings schema (run `npm run docs:settings` after changing it)', () => {
    const doc = renderSettingsDoc();
    expect(fs.readFileSync(path.join(projectRoot, 'docs', 'settings.md'), 'utf8')).toBe(doc);
  });

  it('documents every key with its default and whether the agent may change it', () => {
    const doc = renderSettingsDoc();
    expect(doc).toContain('| `ui.language` | `"auto"` \\| `"de"` \\| `"en"` | `"auto"` | yes |');
    expect(doc).toContain('| `training.ringTimeoutSeconds` | integer (5–600) | `45` | no |');
    expect(doc).toContain('| `training.scenarioFile` |');
  });

  it('marks the keys machine policy may lock (POLICY_KEYS), and never a secret', () => {
    const doc = renderSettingsDoc();
    expect(doc).toContain('| `sip.registerExpiresSeconds` | integer (60–86400) | `600` | no | yes |');
    expect(doc).toContain('| `ui.language` | `"auto"` \\| `"de"` \\| `"en"` | `"auto"` | yes | yes |');
    expect(doc).toMatch(/\| `sip\.password` \|[^\n]*\| no \| no \|/);
    expect(doc).toContain('docs/it-admin.md, "Group Policy and MDM"');
  });
});
