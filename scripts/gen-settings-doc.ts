import fs from 'node:fs';
import path from 'node:path';
import { renderSettingsDoc } from './settings-doc';

const target = path.resolve(__dirname, '..', 'docs', 'settings.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderSettingsDoc());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
