/**
 * Two companies answered at one workstation, as an IT admin would configure them: client A by
 * its IVR code and hotline number, client B by its own number (written nationally here, while
 * the line reports it internationally). Used by the integration and end-to-end tests.
 */
export const CLIENT_A_NUMBER = '+49 40 800 100';
export const CLIENT_B_NUMBER_NATIONAL = '030 555 200';
export const CLIENT_B_NUMBER_E164 = '+4930555200';

export const twoClients = [
  {
    id: 'stadtwerke',
    name: 'Stadtwerke Nord',
    greeting: 'Stadtwerke Nord, Kundenservice, mein Name ist {agent}.',
    colour: '#0b6e4f',
    dialedNumbers: [CLIENT_A_NUMBER],
    ivrCodes: ['SWN'],
    campaigns: [
      {
        id: 'stoerung',
        name: 'Störungsannahme',
        ivrCodes: ['STOERUNG'],
        script: '**Zählernummer** erfragen.\n- Adresse prüfen\n- Störung aufnehmen',
        dispositions: ['Gelöst', 'Techniker beauftragt', 'Rückruf'],
      },
      { id: 'abrechnung', name: 'Abrechnung', ivrCodes: ['RECHNUNG'], script: 'Rechnungsnummer erfragen.', dispositions: ['Erklärt', 'Gutschrift'] },
    ],
  },
  {
    id: 'moebelhaus',
    name: 'Möbelhaus Krause',
    greeting: 'Möbelhaus Krause, guten Tag, Sie sprechen mit {agent}.',
    colour: '#8a2be2',
    dialedNumbers: [CLIENT_B_NUMBER_NATIONAL],
    ivrCodes: ['MHK'],
    campaigns: [
      {
        id: 'bestellung',
        name: 'Bestellannahme',
        script: 'Artikelnummer und Lieferadresse aufnehmen.',
        dispositions: ['Bestellt', 'Kein Kauf', 'Falsch verbunden'],
      },
    ],
  },
];

/**
 * A market-research company with one survey campaign: the sample survey script's campaign
 * (`survey`), codes with a hotkey, a callback code that also releases the survey, and a group of
 * no-contact codes that do not count as surveys.
 */
export const researchClient = {
  id: 'marktblick',
  name: 'Marktblick Research',
  greeting: 'Marktblick Research, guten Tag, mein Name ist {agent}.',
  colour: '#00607a',
  ivrCodes: ['MB'],
  campaigns: [
    {
      id: 'survey',
      name: 'Kundenzufriedenheit 2026',
      ivrCodes: ['SURVEY'],
      dispositions: [
        { code: 'survey complete', label: 'Survey complete', hotkey: 's' },
        'refused',
        { code: 'not surveyed', label: 'Not surveyed', notSurveyed: true },
        { code: 'callback', label: 'Call back later', callback: true, notSurveyed: true },
        { code: 'no-contact', label: 'No contact', notSurveyed: true, children: ['no answer', 'busy', 'wrong number'] },
      ],
    },
  ],
};

/**
 * An energy supplier's sales campaign: the sample sales script's campaign (`sales`) with the codes
 * its end nodes propose. No numbers or IVR codes: only rehearsals and call lists reach it.
 */
export const salesClient = {
  id: 'gruenstrom',
  name: 'Grünstrom Vertrieb',
  greeting: 'Grünstrom, guten Tag, mein Name ist {agent}.',
  colour: '#2e7d32',
  campaigns: [{ id: 'sales', name: 'Tarifwechsel', dispositions: ['sale', 'escalated', { code: 'callback', callback: true }, 'no sale'] }],
};
