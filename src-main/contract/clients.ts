import { z } from 'zod';
import { SECRET } from './secrets';

/**
 * The `clients` and `crm` settings sections: the companies (clients) the call center answers for,
 * with their campaigns, and the REST lookup of customers in a CRM. Zod only, like the rest of the
 * contract. Checks that need phone-number parsing (two notations of one dialed number) are made
 * in core (`clientsConflicts`) once the settings are read.
 */

const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id of letters, digits, `.`, `_` or `-` (at most 64)');

const ivrCode = z.string().trim().min(1).max(120);

const dispositionCode = z
  .string()
  .trim()
  .regex(/^[^\s/][^/]{0,79}$/, 'a disposition code of at most 80 characters, without `/`');

/** One disposition as configured: a bare code, or a code with a label, hotkey, kind and children. */
export type DispositionSetting =
  | string
  | {
      code: string;
      label?: string | undefined;
      hotkey?: string | undefined;
      callback?: boolean | undefined;
      notSurveyed?: boolean | undefined;
      children?: DispositionSetting[] | undefined;
    };

export const dispositionSettingSchema: z.ZodType<DispositionSetting> = z.lazy(() =>
  z.union([
    dispositionCode,
    z
      .object({
        code: dispositionCode,
        label: z.string().trim().min(1).max(120).optional(),
        hotkey: z
          .string()
          .regex(/^[0-9A-Za-z]$/, 'one digit or letter')
          .optional(),
        callback: z.boolean().optional(),
        notSurveyed: z.boolean().optional(),
        children: z.array(dispositionSettingSchema).optional(),
      })
      .strict(),
  ]),
);

const dialedNumber = z
  .string()
  .trim()
  .regex(/^(tel:)?[+\d\s()\-/.]+$/i, 'a phone number in any usual notation, e.g. `+49 40 800 100` or `040 800100`')
  .refine((value) => value.replace(/\D/g, '').length >= 3, 'a phone number needs at least three digits');

/** The language a call is held in, for scripts with language variants (core/scripts/languages.ts). */
const scriptLanguage = z
  .string()
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language code such as de, en or de-AT')
  .nullable()
  .default(null);

export const campaignSettingsSchema = z
  .object({
    id: identifier.describe('Id of the campaign, unique within its client.'),
    name: z.string().trim().min(1).max(120).describe('Name of the campaign as the agent sees it.'),
    ivrCodes: z
      .array(ivrCode)
      .default([])
      .describe('Values the IVR puts in the campaign header (`sip.headers.campaign`, X-Campaign) for calls of this campaign.'),
    script: z.string().max(20_000).nullable().default(null).describe('The call script the agent follows in this campaign (text or Markdown); `null` for none.'),
    language: scriptLanguage.describe(
      "The language of this campaign's calls (`de`, `en`, `de-AT`): a call script written in several languages (`languages:` in the file) is followed in this one. `null`: the client's language.",
    ),
    dispositions: z
      .array(dispositionSettingSchema)
      .default([])
      .describe(
        'The wrap-up codes (disposition set) the agent chooses from after a call of this campaign: a code (`solved`), or `{ code, label, hotkey, callback, notSurveyed, children }` for labels, hotkeys, codes that create a callback, a "not surveyed" code, and groups. Empty: the `wrapUp.dispositions` set.',
      ),
  })
  .strict();

/** The facts a form endpoint's URL and body may name besides the form's fields (core/forms/form-delivery.ts fills them). */
export const FORM_MAPPING_FACTS = [
  'submission.id',
  'submission.revision',
  'submission.formId',
  'submission.title',
  'submission.kind',
  'submission.language',
  'call.id',
  'agent.id',
  'client.id',
  'customer.customerNumber',
  'submittedAt',
] as const;

/** The form id (the `form:` key of a form file) the endpoint's URL or mapping names. */
const formIdentifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a form id: letters, digits, `-` and `_`');

/** A JSON value as written in the settings file: the body template of one form. */
type JsonTemplate = string | number | boolean | null | JsonTemplate[] | { [key: string]: JsonTemplate };
const jsonTemplateSchema: z.ZodType<JsonTemplate> = z.lazy(() =>
  z.union([z.string().max(4000), z.number(), z.boolean(), z.null(), z.array(jsonTemplateSchema), z.record(z.string(), jsonTemplateSchema)]),
);

/** Header authentication of a request to a client's system (the CRM, a form endpoint); the value is a secret. */
const headerAuthSchema = z
  .object({
    header: z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'an HTTP header name')
      .default('Authorization')
      .describe('Name of the header that authenticates the workstation, e.g. `Authorization` or `X-Api-Key`.'),
    value: z.string().min(1).max(4000).meta(SECRET).describe('Value of that header, e.g. `Bearer …`. A secret.'),
  })
  .strict()
  .nullable()
  .default(null)
  .describe('Header authentication. `null` sends none.');

export const formEndpointSchema = z
  .object({
    url: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL')
      .describe(
        'URL the forms are POSTed to, e.g. `https://crm.client.example/api/forms/{form}`. `{form}` becomes the form id (`fault-report`). Refused over plain `http://` to another computer unless `allowPlainHttp` is true.',
      ),
    allowPlainHttp: z
      .boolean()
      .default(false)
      .describe(
        'Lets `url` be `http://` to another computer: the auth header and every form (bank details included) then cross the network readable by anyone on the way.',
      ),
    auth: headerAuthSchema,
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(10_000)
      .describe("How long to wait for the endpoint's answer, in milliseconds; then the form stays waiting and is sent again later."),
    mapping: z
      .record(formIdentifier, jsonTemplateSchema)
      .default({})
      .describe(
        'The body to send, per form id, as JSON: a text that is only `"{field}"` becomes that field\'s value as entered (a number, true/false, a list, `{ from, to }`), `{field}` inside a longer text its text; the facts `{submission.id}`, `{submission.revision}`, `{submission.formId}`, `{submission.title}`, `{submission.kind}`, `{submission.language}`, `{call.id}`, `{agent.id}`, `{client.id}`, `{customer.customerNumber}` and `{submittedAt}` (ISO time) may be named too. A form without a mapping is sent as the whole submission (docs/sync-api.yaml, `FormSubmission`).',
      ),
  })
  .strict();

export type FormEndpointSettings = z.output<typeof formEndpointSchema>;

export const clientSettingsSchema = z
  .object({
    id: identifier.describe('Id of the client (company), unique.'),
    name: z.string().trim().min(1).max(120).describe('Name of the company, shown in the call banner.'),
    greeting: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .describe("The greeting the agent says, e.g. `Stadtwerke Nord, Kundenservice, mein Name ist {agent}.` `{agent}` becomes the agent's name."),
    colour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
      .describe("Colour of the banner for this company's calls, as `#rrggbb`."),
    logo: z
      .string()
      .min(1)
      .max(2_000_000)
      .nullable()
      .default(null)
      .describe('Logo shown in the banner: a `data:` URL or the path of an image file. `null` for none.'),
    dialedNumbers: z
      .array(dialedNumber)
      .default([])
      .describe('The numbers callers dial to reach this company, in any notation (`+49 40 800 100` and `040 800100` are the same number).'),
    ivrCodes: z.array(ivrCode).default([]).describe("Values the IVR puts in the client header (`sip.headers.client`, X-Client) for this company's calls."),
    language: scriptLanguage.describe(
      "The language of this company's calls (`de`, `en`, `de-AT`), unless the campaign says otherwise: a call script written in several languages is followed in this one. `null`: the script's first language.",
    ),
    campaigns: z.array(campaignSettingsSchema).default([]).describe("The company's campaigns, each with its script and disposition set."),
    forms: formEndpointSchema
      .nullable()
      .optional()
      // Absent from the output when not set (client fixtures need not name it); documented as `null`.
      .meta({ default: null })
      .describe(
        'Where this company\'s submitted forms (docs/forms.md) are sent, besides the backend: an HTTP endpoint of the company\'s own system, with auth, timeout and a body per form (docs/it-admin.md, "Form endpoints"). Not set (or `null`): the forms go to the backend only.',
      ),
  })
  .strict();

export type ClientSettings = z.output<typeof clientSettingsSchema>;
export type CampaignSettings = z.output<typeof campaignSettingsSchema>;

/** The `clients` section (conflicts are checked in core, see the module comment). */
export const clientListSchema = z
  .array(clientSettingsSchema)
  .default([])
  .describe(
    "The companies (clients) this workstation answers calls for: name, greeting, colour, logo, the numbers and IVR codes that identify their calls, and their campaigns. The whole screen follows the call's client. Empty: a single-company workstation.",
  );

const urlTemplate = z
  .string()
  .regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL')
  .nullable()
  .default(null);

/** A path into the CRM's JSON answer: `data.customers[].name`, `[].phones[]` (the answer is a list), `customer.email` (a single customer). */
export const fieldPath = z
  .string()
  .regex(/^(\[\]|[A-Za-z0-9_$-]+(\[\])?)(\.[A-Za-z0-9_$-]+(\[\])?)*$/, 'a path such as `data.customers[].name` (`[].name` when the answer is a list)');

const optionalPath = fieldPath.nullable();

/** The list a path's customers come from (`data.customers[]`), or '' for a single-customer answer. */
export function listOf(path: string): string {
  const at = path.indexOf('[]');
  return at < 0 ? '' : path.slice(0, at + 2);
}

export const crmMappingSchema = z
  .object({
    id: optionalPath.default('customers[].id').describe("Path of the CRM's own id of a customer."),
    customerNumber: optionalPath.default('customers[].customerNumber').describe('Path of the customer number.'),
    name: fieldPath.default('customers[].name').describe("Path of the customer's name (required in every answer)."),
    email: optionalPath.default('customers[].email').describe('Path of the e-mail address.'),
    postcode: optionalPath.default('customers[].postcode').describe('Path of the postcode.'),
    city: optionalPath.default('customers[].city').describe('Path of the city.'),
    // No default path: the mapping's fields must all come from one list, and a CRM answering
    // under another list than `customers[]` would otherwise be refused for a field it never had.
    salutation: optionalPath
      .default(null)
      .describe(
        'Path of the salutation, e.g. `customers[].salutation` (`Frau`, `Herr`, `Ms`, `Mr`, `female`, `male`, `divers`, … as in the customer import): call scripts address the customer by it. Not set, missing or unknown: the customer is addressed by full name.',
      ),
    language: optionalPath
      .default(null)
      .describe(
        "Path of the customer's language, e.g. `customers[].language` (a code such as `de`, `en`, `de-AT`, or `Deutsch`, `English`, … as in the customer import): the call's script and forms follow it unless the IVR sends a language. Not set, missing or unknown: the campaign's or client's language.",
      ),
    phones: z
      .union([fieldPath, z.array(fieldPath)])
      .default('customers[].phones[]')
      .describe(
        'Path (or paths) of the customer\'s phone numbers: a list (`customers[].phones[]`) or single fields (`["customers[].phone", "customers[].mobile"]`).',
      ),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    const paths = [
      mapping.id,
      mapping.customerNumber,
      mapping.name,
      mapping.email,
      mapping.postcode,
      mapping.city,
      mapping.salutation,
      mapping.language,
      ...[mapping.phones].flat(),
    ].filter((path): path is string => path !== null);
    const lists = new Set(paths.map(listOf));
    if (lists.size > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `All fields must come from the same list of customers; the paths name ${[...lists].map((l) => (l ? `"${l}"` : 'a single object')).join(' and ')}.`,
      });
    }
  });

export type CrmMapping = z.output<typeof crmMappingSchema>;

/** A path into one customer's JSON object, without lists: `fullName`, `address.zip`. */
const objectPath = z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a path such as `address.zip` (no `[]`: one customer per body)');

/** Where our fields go in a customer sent to the CRM (`crm.writeMapping`); a field without a path is not sent. */
export const writeMappingSchema = z
  .object({
    id: objectPath.nullable().default(null).describe("Path of the CRM's own id in its answer (not sent)."),
    customerNumber: objectPath.nullable().default(null).describe('Path of the customer number.'),
    name: objectPath.describe("Path of the customer's name."),
    email: objectPath.nullable().default(null).describe('Path of the e-mail address.'),
    postcode: objectPath.nullable().default(null).describe('Path of the postcode.'),
    city: objectPath.nullable().default(null).describe('Path of the city.'),
    street: objectPath.nullable().default(null).describe('Path of the street.'),
    salutation: objectPath.nullable().default(null).describe('Path of the salutation (`female`, `male`, `neutral`).'),
    phones: z
      .union([objectPath, z.array(objectPath)])
      .nullable()
      .default(null)
      .describe('Path of a list of all phone numbers (`phones`), or one path per number (`["phone", "mobile"]`: the first number, the second).'),
  })
  .strict();

export type WriteMapping = z.output<typeof writeMappingSchema>;

export const crmSettingsSchema = z
  .object({
    byNumberUrl: urlTemplate.describe(
      "URL that looks customers up by the caller's phone number, e.g. `https://crm.example.org/api/customers?phone={number}`. `{number}` is the number in the format of `numberFormat`, URL-encoded. `null`: no lookup by number.",
    ),
    byCustomerNumberUrl: urlTemplate.describe(
      'URL that looks a customer up by the customer number the caller typed in the IVR, e.g. `https://crm.example.org/api/customers/{customerNumber}`. `null`: no lookup by customer number.',
    ),
    searchUrl: urlTemplate.describe(
      'URL of a free-text search, e.g. `https://crm.example.org/api/customers?q={query}`: the customer search asks it beside the local directory (3 characters or more, the latest text only) and merges the rows, each naming its source. `null`: only the local directory is searched.',
    ),
    allowPlainHttp: z
      .boolean()
      .default(false)
      .describe(
        "Lets the URLs be `http://` to another computer (they are refused otherwise, except to this computer): the auth header and the callers' numbers then cross the network readable by anyone on the way. A warning is logged at every start.",
      ),
    numberFormat: z
      .enum(['e164', 'national', 'digits'])
      .default('e164')
      .describe("How `{number}` is written: `e164` (`+4940800100`), `national` (`040800100`), or the digits as the caller's line sent them."),
    auth: headerAuthSchema,
    mapping: crmMappingSchema.prefault({}).describe("Where our fields are in the CRM's JSON answer."),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(5_000)
      .describe("How long to wait for the CRM's answer, in milliseconds; then the cached answer stays on the card."),
    cacheDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(30)
      .describe('How many days CRM answers are kept on this workstation, so lookups keep working offline. `0` keeps none.'),
    writeUrl: urlTemplate.describe(
      "URL of the CRM's customers for writing, e.g. `https://crm.example.org/api/customers`: a customer created at the desk is sent there with `POST`; a corrected one with `writeMethod` to this URL followed by `/` and the customer's CRM id (from the CRM's answer to the create), else the customer number. Same auth, timeout and `allowPlainHttp` as the lookups. `null`: customers are not written to the CRM (they still reach the backend).",
    ),
    writeMethod: z
      .enum(['PUT', 'PATCH'])
      .default('PUT')
      .describe('How a corrected customer is sent: `PUT` (the whole customer) or `PATCH` (the same body, for CRMs that take updates only so).'),
    writeMapping: writeMappingSchema
      .nullable()
      .default(null)
      .describe(
        'Where our fields go in the JSON body sent to the CRM, e.g. `{ "name": "fullName", "postcode": "address.zip" }`; the same paths read the CRM\'s answer (its id and, in a conflict, its version). `null`: `mapping`\'s paths without their list part (`customers[].name` becomes `name`).',
      ),
  })
  .strict();

export type CrmSettings = z.output<typeof crmSettingsSchema>;
