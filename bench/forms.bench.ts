// Issue 18: a client form file checked as the script folder and `anlauf scripts validate` check
// it (load, shape, field types, bounds, conditions, prefill sources, building the form), in the
// main process. A real form has 10–40 fields; 200 fields in two languages is the largest a
// trainer would write. Also the same file with one mistake, which builds the YAML document for
// the problem's position.
import { parseForm } from '../src-main/core/forms/loader';
import { goals, note, percentile, result, sample, type BenchResult } from './harness';

const RUNS = 100;
const TYPES = ['text', 'longText', 'number', 'email', 'phone', 'postcode', 'iban', 'bic', 'date', 'dateRange', 'datetime', 'choice', 'multiple', 'yesno'];

/** A form of `fields` fields in `sections` sections, German and English, every type, conditions and prefills. */
export function generateForm(fields: number, sections = 10): string {
  const lines = ['form: big', 'title: { de: Großes Formular, en: Big form }', 'kind: other', 'languages: [de, en]', 'sections:'];
  const perSection = Math.ceil(fields / sections);
  for (let s = 0; s < sections; s++) {
    lines.push(`  - title: { de: Abschnitt ${s + 1}, en: Section ${s + 1} }`, '    fields:');
    for (let f = s * perSection; f < Math.min(fields, (s + 1) * perSection); f++) {
      const type = TYPES[f % TYPES.length] as string;
      lines.push(`      - id: f${f}`, `        label: { de: Feld ${f}, en: Field ${f} }`, `        type: ${type}`, `        required: ${f % 2 === 0}`);
      if (type === 'choice' || type === 'multiple')
        lines.push('        options:', '          - { value: a, label: { de: A, en: A } }', '          - { value: b, label: { de: B, en: B } }');
      if (type === 'text' || type === 'longText') lines.push('        max: 200');
      if (type === 'number') lines.push('        min: 0', '        max: 1000');
      if (type === 'date' || type === 'dateRange') lines.push('        min: today', '        max: +28d');
      if (type === 'postcode') lines.push('        prefill: customer.postcode');
      if (f > 0 && f % 7 === 0) lines.push(`        when: { f${f - 2}: { empty: false } }`);
      lines.push(`        help: { de: Hilfe zu Feld ${f}, en: Help for field ${f} }`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function benchForms(): Promise<BenchResult[]> {
  const text = generateForm(200);
  const checked = parseForm(text, 'big.yaml');
  if (!checked.ok) throw new Error(`the generated form is not valid: ${checked.problems[0]?.message}`);
  note(`forms: a 200-field form of ${Math.round(text.length / 1024)} KB in two languages`);
  const valid = sample(RUNS, () => void parseForm(text, 'big.yaml'), 5);
  const broken = text.replace('type: postcode', 'type: postcod');
  const withProblem = sample(RUNS, () => void parseForm(broken, 'big.yaml'), 5);
  note(`forms: valid p50 ${percentile(valid, 50).toFixed(1)} ms, p99 ${percentile(valid, 99).toFixed(1)} ms`);
  note(`forms: one mistake p50 ${percentile(withProblem, 50).toFixed(1)} ms, p99 ${percentile(withProblem, 99).toFixed(1)} ms`);
  return [
    result('validating a 200-field form file (p50)', percentile(valid, 50), 'ms', goals.below(100)),
    result('validating a 200-field form file (p99)', percentile(valid, 99), 'ms', goals.below(100)),
    // A problem's position needs the `yaml` document the fast reader skips (as for scripts): its own, looser goal.
    result('validating a 200-field form file with one mistake (p50)', percentile(withProblem, 50), 'ms', goals.below(100)),
    result('validating a 200-field form file with one mistake (p99)', percentile(withProblem, 99), 'ms', goals.below(250)),
  ];
}
