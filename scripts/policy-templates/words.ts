import type { PolicyLeaf } from './leaves';

export type Language = 'en' | 'de';

/**
 * The settings sections' names in the Group Policy editor (one category each). A section that
 * gains its first policy key needs its names here; the generator says so.
 */
export const SECTIONS: Record<string, Record<Language, string>> = {
  ui: { en: 'Appearance', de: 'Darstellung' },
  sip: { en: 'Phone line (SIP)', de: 'Telefonleitung (SIP)' },
  audio: { en: 'Audio', de: 'Audio' },
  headset: { en: 'Headset', de: 'Headset' },
  sync: { en: 'Call log delivery', de: 'Zustellung des Anrufprotokolls' },
  callLog: { en: 'Call log', de: 'Anrufprotokoll' },
  agent: { en: 'Agent', de: 'Agent' },
  wrapUp: { en: 'Wrap-up', de: 'Nachbearbeitung' },
  scripts: { en: 'Call scripts', de: 'Gesprächsleitfäden' },
  topics: { en: 'Current topics', de: 'Aktuelle Themen' },
  shiftCheck: { en: 'Pre-shift check', de: 'Arbeitsplatz-Check' },
  hotkeys: { en: 'Keyboard shortcuts', de: 'Tastenkürzel' },
  updates: { en: 'Updates', de: 'Updates' },
  customers: { en: 'Customer directory', de: 'Kundenverzeichnis' },
  colleagues: { en: 'Colleagues and presence', de: 'Kollegen und Präsenz' },
  signIn: { en: 'Sign-in on shared desks', de: 'Anmeldung an geteilten Arbeitsplätzen' },
  queues: { en: 'Queues', de: 'Warteschlangen' },
};

export function sectionName(section: string, language: Language): string {
  const names = SECTIONS[section];
  if (!names) throw new Error(`scripts/policy-templates/words.ts: the settings section "${section}" has a policy key but no name in SECTIONS`);
  return names[language];
}

export const TEXTS = {
  en: {
    product: 'Anlauf',
    description: 'Machine and user policy for Anlauf, the call-center workstation.',
    supported: 'Anlauf 0.1 or later',
    rootExplain:
      'Settings of Anlauf that IT sets for a whole computer (Computer Configuration) or user (User Configuration). A setting set here wins over the settings file and over the agent\'s own choice, and is locked: the settings dialog shows it as "Set by your IT department", and the workstation refuses to change it. Computer Configuration wins over User Configuration. "Not configured" and "Disabled" leave the setting to the settings file, the agent and the default.',
    allowed: 'Allowed: {range}.',
    values: 'Values: {values}.',
    default: 'Default: {value}.',
    notSet: 'not set',
    on: 'on',
    off: 'off',
    booleanStates: 'Enabled: on. Disabled: off.',
    empty: 'empty',
    onePerLine: 'One entry per line.',
    listLimits: 'At most {items} entries of at most {length} characters each.',
    registry: 'Registry: Software\\Policies\\Anlauf\\{section}, value "{name}" ({type}).',
    listLabel: '{label} (one per line)',
  },
  de: {
    product: 'Anlauf',
    description: 'Computer- und Benutzerrichtlinien für Anlauf, den Callcenter-Arbeitsplatz.',
    supported: 'Anlauf 0.1 oder neuer',
    rootExplain:
      'Einstellungen von Anlauf, die die IT für einen ganzen Computer (Computerkonfiguration) oder Benutzer (Benutzerkonfiguration) festlegt. Eine hier gesetzte Einstellung hat Vorrang vor der Einstellungsdatei und der eigenen Wahl des Agenten und ist gesperrt: der Einstellungsdialog zeigt sie als "Von Ihrer IT-Abteilung festgelegt", und der Arbeitsplatz lehnt jede Änderung ab. Die Computerkonfiguration hat Vorrang vor der Benutzerkonfiguration. "Nicht konfiguriert" und "Deaktiviert" überlassen die Einstellung der Einstellungsdatei, dem Agenten und dem Standardwert.',
    allowed: 'Erlaubt: {range}.',
    values: 'Werte: {values}.',
    default: 'Standard: {value}.',
    notSet: 'nicht gesetzt',
    on: 'ein',
    off: 'aus',
    booleanStates: 'Aktiviert: ein. Deaktiviert: aus.',
    empty: 'leer',
    onePerLine: 'Ein Eintrag je Zeile.',
    listLimits: 'Höchstens {items} Einträge mit je höchstens {length} Zeichen.',
    registry: 'Registrierung: Software\\Policies\\Anlauf\\{section}, Wert "{name}" ({type}).',
    listLabel: '{label} (einer je Zeile)',
  },
} satisfies Record<Language, Record<string, string>>;

export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

/** The registry type a policy key is written as. */
export function registryType(leaf: PolicyLeaf): string {
  switch (leaf.shape.kind) {
    case 'boolean':
    case 'decimal':
      return 'REG_DWORD';
    case 'enum':
      return leaf.shape.values.every((value) => typeof value === 'number') ? 'REG_DWORD' : 'REG_SZ';
    case 'text':
      return 'REG_SZ';
    case 'list':
      return 'REG_MULTI_SZ';
  }
}

function shown(value: unknown, language: Language): string {
  if (value === null || value === undefined) return TEXTS[language].notSet;
  if (typeof value === 'boolean') return value ? TEXTS[language].on : TEXTS[language].off;
  if (Array.isArray(value)) return value.length === 0 ? TEXTS[language].empty : value.join(', ');
  return String(value);
}

/** What the key takes and where the registry keeps it, below the setting's own explanation. */
export function explainText(leaf: PolicyLeaf, language: Language): string {
  const texts = TEXTS[language];
  const shape = leaf.shape;
  const takes =
    shape.kind === 'boolean'
      ? texts.booleanStates
      : shape.kind === 'decimal'
        ? fill(texts.allowed, { range: `${shape.min}–${shape.max}` })
        : shape.kind === 'enum'
          ? fill(texts.values, { values: shape.values.join(', ') })
          : shape.kind === 'list'
            ? [
                texts.onePerLine,
                shape.maxItems !== null && shape.maxLength !== null ? fill(texts.listLimits, { items: shape.maxItems, length: shape.maxLength }) : '',
              ]
                .filter(Boolean)
                .join(' ')
            : '';
  const lines = [
    leaf.explain[language],
    [takes, fill(texts.default, { value: shown(leaf.defaultValue, language) })].filter(Boolean).join(' '),
    fill(texts.registry, { section: leaf.section, name: leaf.name, type: registryType(leaf) }),
  ];
  return lines.join('\n\n');
}
