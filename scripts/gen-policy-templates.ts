import fs from 'node:fs';
import path from 'node:path';
import { policyLeaves, renderPolicyTemplates, withPolicyTable } from './policy-templates';

const root = path.resolve(__dirname, '..');
for (const [file, content] of Object.entries(renderPolicyTemplates())) {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  process.stdout.write(`wrote ${file}\n`);
}
const admin = path.join(root, 'docs', 'it-admin.md');
fs.writeFileSync(admin, withPolicyTable(fs.readFileSync(admin, 'utf8'), policyLeaves()));
process.stdout.write('wrote the policy key table in docs/it-admin.md\n');
