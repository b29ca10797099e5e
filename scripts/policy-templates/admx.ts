import type { PolicyLeaf } from './leaves';
import { explainText, fill, sectionName, TEXTS, type Language } from './words';

/** Bumped when a template changes in a way an older ADML cannot describe (resources minRequiredRevision). */
export const TEMPLATE_REVISION = '1.0';
export const REGISTRY_KEY = 'Software\\Policies\\Anlauf';
const NAMESPACE = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const XSD = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const SUPPORTED = 'SUPPORTED_Anlauf_0_1';
const ROOT = 'Anlauf';

/** Text between tags; the generator writes attribute values only from names it made itself. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The policy's name in the ADMX and its strings' and presentation's id. */
export const policyName = (leaf: PolicyLeaf) => `${leaf.section}_${leaf.name}`;
const categoryName = (section: string) => `Category_${section}`;
const itemString = (leaf: PolicyLeaf, value: string | number) => `${policyName(leaf)}_${String(value).replace(/[^A-Za-z0-9_]/g, '_')}`;

function sections(leaves: readonly PolicyLeaf[]): string[] {
  return [...new Set(leaves.map((leaf) => leaf.section))];
}

function elements(leaf: PolicyLeaf): string[] {
  const shape = leaf.shape;
  const id = `id="${leaf.name}" valueName="${leaf.name}"`;
  switch (shape.kind) {
    case 'boolean':
      return [];
    case 'decimal':
      return [`<decimal ${id} required="true" minValue="${shape.min}" maxValue="${shape.max}" />`];
    case 'text':
      return [`<text ${id} required="true"${shape.maxLength === null ? '' : ` maxLength="${shape.maxLength}"`} />`];
    case 'list':
      // Only id and valueName, as Windows' own templates write it; the workstation checks each entry's length and their count.
      return [`<multiText ${id} required="true" />`];
    case 'enum':
      return [
        `<enum ${id} required="true">`,
        ...shape.values.map((value) => {
          const stored = typeof value === 'number' ? `<decimal value="${value}" />` : `<string>${escapeXml(value)}</string>`;
          return `  <item displayName="$(string.${itemString(leaf, value)})"><value>${stored}</value></item>`;
        }),
        '</enum>',
      ];
  }
}

function policy(leaf: PolicyLeaf): string[] {
  const name = policyName(leaf);
  const isBoolean = leaf.shape.kind === 'boolean';
  const attributes = [
    `name="${name}"`,
    'class="Both"',
    `displayName="$(string.${name})"`,
    `explainText="$(string.${name}_Explain)"`,
    ...(isBoolean ? [] : [`presentation="$(presentation.${name})"`]),
    `key="${REGISTRY_KEY}\\${leaf.section}"`,
    ...(isBoolean ? [`valueName="${leaf.name}"`] : []),
  ];
  const body = [
    `<parentCategory ref="${categoryName(leaf.section)}" />`,
    `<supportedOn ref="${SUPPORTED}" />`,
    ...(isBoolean
      ? ['<enabledValue><decimal value="1" /></enabledValue>', '<disabledValue><decimal value="0" /></disabledValue>']
      : ['<elements>', ...elements(leaf).map((line) => `  ${line}`), '</elements>']),
  ];
  return [`<policy ${attributes.join(' ')}>`, ...body.map((line) => `  ${line}`), '</policy>'];
}

const indent = (lines: string[], depth: number) => lines.map((line) => `${'  '.repeat(depth)}${line}`);

/** resources/policy/anlauf.admx: one policy per key, in a category per settings section. */
export function renderAdmx(leaves: readonly PolicyLeaf[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated from src-main/contract/policy.ts and settings.ts by `npm run policy:templates`. Do not edit by hand. -->',
    `<policyDefinitions ${XSD} revision="${TEMPLATE_REVISION}" schemaVersion="1.0" xmlns="${NAMESPACE}">`,
    '  <policyNamespaces>',
    '    <target prefix="anlauf" namespace="Anlauf.Policies.Anlauf" />',
    '  </policyNamespaces>',
    '  <supersededAdm fileName="" />',
    `  <resources minRequiredRevision="${TEMPLATE_REVISION}" />`,
    '  <supportedOn>',
    '    <definitions>',
    `      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})" />`,
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    `    <category name="${ROOT}" displayName="$(string.${ROOT})" explainText="$(string.${ROOT}_Explain)" />`,
    ...sections(leaves).flatMap((section) => [
      `    <category name="${categoryName(section)}" displayName="$(string.${categoryName(section)})">`,
      `      <parentCategory ref="${ROOT}" />`,
      '    </category>',
    ]),
    '  </categories>',
    '  <policies>',
    ...leaves.flatMap((leaf) => indent(policy(leaf), 2)),
    '  </policies>',
    '</policyDefinitions>',
    '',
  ].join('\n');
}

function presentation(leaf: PolicyLeaf, language: Language): string[] {
  const shape = leaf.shape;
  const label = escapeXml(leaf.label[language]);
  const value = leaf.defaultValue;
  switch (shape.kind) {
    case 'boolean':
      return [];
    case 'decimal':
      return [`<decimalTextBox refId="${leaf.name}"${typeof value === 'number' ? ` defaultValue="${value}"` : ''} spinStep="1">${label}</decimalTextBox>`];
    case 'enum': {
      const index = shape.values.indexOf(value as string | number);
      return [`<dropdownList refId="${leaf.name}" noSort="true"${index >= 0 ? ` defaultItem="${index}"` : ''}>${label}</dropdownList>`];
    }
    case 'text':
      return [
        `<textBox refId="${leaf.name}">`,
        `  <label>${label}</label>`,
        ...(typeof value === 'string' ? [`  <defaultValue>${escapeXml(value)}</defaultValue>`] : []),
        '</textBox>',
      ];
    case 'list':
      return [`<text>${escapeXml(fill(TEXTS[language].listLabel, { label: leaf.label[language] }))}</text>`, `<multiTextBox refId="${leaf.name}" />`];
  }
}

/** resources/policy/<locale>/anlauf.adml: the words of every string and presentation the ADMX names. */
export function renderAdml(leaves: readonly PolicyLeaf[], language: Language): string {
  const texts = TEXTS[language];
  const strings: [string, string][] = [
    [ROOT, texts.product],
    [`${ROOT}_Explain`, texts.rootExplain],
    [SUPPORTED, texts.supported],
    ...sections(leaves).map((section): [string, string] => [categoryName(section), sectionName(section, language)]),
    ...leaves.flatMap((leaf): [string, string][] => [
      [policyName(leaf), leaf.label[language]],
      [`${policyName(leaf)}_Explain`, explainText(leaf, language)],
      ...(leaf.shape.kind === 'enum' ? leaf.shape.values.map((value): [string, string] => [itemString(leaf, value), String(value)]) : []),
    ]),
  ];
  const presentations = leaves.filter((leaf) => leaf.shape.kind !== 'boolean');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- Generated from src-main/contract/policy.ts and settings.ts by `npm run policy:templates`. Do not edit by hand. -->',
    `<policyDefinitionResources ${XSD} revision="${TEMPLATE_REVISION}" schemaVersion="1.0" xmlns="${NAMESPACE}">`,
    `  <displayName>${escapeXml(texts.product)}</displayName>`,
    `  <description>${escapeXml(texts.description)}</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings.map(([id, text]) => `      <string id="${id}">${escapeXml(text)}</string>`),
    '    </stringTable>',
    '    <presentationTable>',
    ...presentations.flatMap((leaf) => [`      <presentation id="${policyName(leaf)}">`, ...indent(presentation(leaf, language), 4), '      </presentation>']),
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}
