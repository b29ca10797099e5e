// Writes resources/demo/customers.csv: the demo set's customers (docs/training.md, "The demo
// set"). Deterministic: the same file on every run, so a change shows in review as a diff of the
// generator, not of 300 rows. Run `npm run demo:customers` after changing it.
//
// Names are common German first and last names; addresses are real street names of real cities
// with a postcode of that city; phone numbers use the city's area code (mobile numbers the
// operators' prefixes) with subscriber numbers from the generator, so they look right and reach
// nobody in particular. The scenario's callers (resources/training/default-scenario.yaml) come
// first, so the first simulated calls pop up with a name.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo', 'customers.csv');
const COUNT = 300;

// mulberry32: a small seeded generator; Math.random would give another file each run.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(18);
const pick = (list) => list[Math.floor(random() * list.length)];
const digits = (n) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10))).join('');

const FEMALE = [
  'Anna',
  'Lena',
  'Julia',
  'Sabine',
  'Petra',
  'Claudia',
  'Monika',
  'Katrin',
  'Sandra',
  'Nicole',
  'Stefanie',
  'Birgit',
  'Ursula',
  'Laura',
  'Marie',
  'Sophie',
  'Hannah',
  'Lea',
  'Emma',
  'Heike',
  'Andrea',
  'Susanne',
  'Gabriele',
  'Christine',
  'Martina',
];
const MALE = [
  'Thomas',
  'Michael',
  'Andreas',
  'Stefan',
  'Christian',
  'Markus',
  'Frank',
  'Jürgen',
  'Peter',
  'Klaus',
  'Wolfgang',
  'Uwe',
  'Sven',
  'Jan',
  'Tobias',
  'Lukas',
  'Felix',
  'Jonas',
  'Paul',
  'Dirk',
  'Matthias',
  'Alexander',
  'Daniel',
  'Oliver',
  'Ralf',
];
const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Bauer',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Krause',
  'Meier',
  'Lehmann',
  'Köhler',
  'Jansen',
  'Petersen',
  'Hansen',
  'Brandt',
  'Vogel',
  'Huber',
  'Gruber',
  'Seidl',
  'Brunner',
];
// English-speaking customers of the mobile company: the call's script follows their language.
const ENGLISH = [
  ['Olivia', 'Bennett', 'female'],
  ['James', 'Carter', 'male'],
  ['Emily', 'Walsh', 'female'],
  ['Daniel', "O'Connor", 'male'],
  ['Grace', 'Mitchell', 'female'],
  ['Thomas', 'Reid', 'male'],
];

// [city, area code, [postcode, street]…]: postcodes of that city, streets that exist there.
const NORTH = [
  [
    'Hamburg',
    '40',
    [
      ['20095', 'Mönckebergstraße'],
      ['20354', 'Colonnaden'],
      ['22041', 'Wandsbeker Marktstraße'],
      ['22767', 'Große Bergstraße'],
      ['21073', 'Lüneburger Straße'],
      ['22303', 'Barmbeker Straße'],
    ],
  ],
  [
    'Norderstedt',
    '40',
    [
      ['22846', 'Ulzburger Straße'],
      ['22850', 'Rathausallee'],
    ],
  ],
  [
    'Pinneberg',
    '4101',
    [
      ['25421', 'Dingstätte'],
      ['25421', 'Damm'],
    ],
  ],
  [
    'Lübeck',
    '451',
    [
      ['23552', 'Breite Straße'],
      ['23560', 'Moislinger Allee'],
    ],
  ],
  [
    'Kiel',
    '431',
    [
      ['24103', 'Holstenstraße'],
      ['24105', 'Holtenauer Straße'],
    ],
  ],
  [
    'Lüneburg',
    '4131',
    [
      ['21335', 'Bardowicker Straße'],
      ['21339', 'Vögelser Straße'],
    ],
  ],
];
const SOUTH = [
  [
    'München',
    '89',
    [
      ['80331', 'Kaufingerstraße'],
      ['80469', 'Fraunhoferstraße'],
      ['80796', 'Hohenzollernstraße'],
      ['81369', 'Plinganserstraße'],
      ['81667', 'Rosenheimer Straße'],
    ],
  ],
  [
    'Augsburg',
    '821',
    [
      ['86150', 'Maximilianstraße'],
      ['86152', 'Frauentorstraße'],
    ],
  ],
  [
    'Rosenheim',
    '8031',
    [
      ['83022', 'Münchener Straße'],
      ['83024', 'Kufsteiner Straße'],
    ],
  ],
  [
    'Regensburg',
    '941',
    [
      ['93047', 'Gesandtenstraße'],
      ['93053', 'Kumpfmühler Straße'],
    ],
  ],
  ['Garmisch-Partenkirchen', '8821', [['82467', 'Ludwigstraße']]],
];
const MOBILE = ['151', '160', '170', '171', '172', '175', '176', '1523', '157', '159'];

const clean = (text) =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z]/g, '');
const MAIL = ['example.org', 'example.net', 'example.com'];

/** The scenario's callers, as the training scenario's calls name them. */
const SCENARIO = [
  {
    number: 'K-100234',
    client: 'stadtwerke-nord',
    salutation: 'Frau',
    first: 'Erika',
    last: 'Mustermann',
    street: 'Lange Reihe 12',
    postcode: '20099',
    city: 'Hamburg',
    phone: '+49 40 3012 4477',
    mobile: '',
    email: 'erika.mustermann@example.org',
    language: 'de',
  },
  {
    number: 'V-55120',
    client: 'alpenfunk-mobil',
    salutation: 'Herr',
    first: 'Max',
    last: 'Huber',
    street: 'Leopoldstraße 41',
    postcode: '80802',
    city: 'München',
    phone: '+49 89 2180 5511',
    mobile: '+49 171 5512044',
    email: 'max.huber@example.net',
    language: 'de',
  },
  {
    number: 'V-55187',
    client: 'alpenfunk-mobil',
    salutation: 'Ms',
    first: 'Olivia',
    last: 'Bennett',
    street: 'Nymphenburger Straße 88',
    postcode: '80636',
    city: 'München',
    phone: '+49 89 1590 3321',
    mobile: '+49 176 2234 9910',
    email: 'olivia.bennett@example.com',
    language: 'en',
  },
  {
    number: 'K-230011',
    client: 'stadtwerke-nord',
    salutation: 'Frau',
    first: 'Jana',
    last: 'Schulz',
    street: 'Ehrenfeldgürtel 5',
    postcode: '50823',
    city: 'Köln',
    phone: '+49 221 477 3030',
    mobile: '',
    email: 'jana.schulz@example.org',
    language: 'de',
  },
];

const rows = [...SCENARIO];
const used = new Set(rows.map((r) => r.number));
while (rows.length < COUNT) {
  const energy = rows.length % 2 === 0;
  const english = !energy && random() < 0.06;
  let first, last, salutation;
  if (english) {
    const [f, l, gender] = pick(ENGLISH);
    [first, last, salutation] = [f, l, gender === 'female' ? 'Ms' : 'Mr'];
  } else {
    const female = random() < 0.5;
    [first, last, salutation] = [pick(female ? FEMALE : MALE), pick(LAST), female ? 'Frau' : 'Herr'];
  }
  const [city, area, places] = pick(energy ? NORTH : SOUTH);
  const [postcode, street] = pick(places);
  const number = energy ? `K-${digits(6)}` : `V-${digits(5)}`;
  if (used.has(number)) continue;
  used.add(number);
  const landline = random() < 0.8;
  rows.push({
    number,
    client: energy ? 'stadtwerke-nord' : 'alpenfunk-mobil',
    salutation,
    first,
    last,
    street: `${street} ${1 + Math.floor(random() * 120)}`,
    postcode,
    city,
    phone: landline ? `+49 ${area} ${digits(area.length > 2 ? 6 : 7)}` : '',
    mobile: !landline || random() < 0.4 ? `+49 ${pick(MOBILE)} ${digits(7)}` : '',
    email: random() < 0.7 ? `${clean(first)}.${clean(last)}${Math.floor(random() * 90) + 10}@${pick(MAIL)}` : '',
    language: english ? 'en' : 'de',
  });
}

const quote = (value) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const header = ['Kundennummer', 'Mandant', 'Anrede', 'Vorname', 'Nachname', 'Straße', 'PLZ', 'Ort', 'Telefon', 'Mobil', 'E-Mail', 'Sprache'];
const lines = rows.map((r) =>
  [r.number, r.client, r.salutation, r.first, r.last, r.street, r.postcode, r.city, r.phone, r.mobile, r.email, r.language].map(quote).join(';'),
);
fs.writeFileSync(OUT, [header.join(';'), ...lines].join('\n') + '\n');
console.log(`wrote ${path.relative(process.cwd(), OUT)} (${rows.length} customers)`);
