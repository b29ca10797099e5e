/**
 * Main's messages for people, as codes with parameters. Main never sends a sentence a renderer
 * shows as it is: it sends `{ key, params }`, and the UI words it in its own language from the
 * one catalogue (`src-main/shared/messages/`), as Electron's notifications and the CLI do. The
 * English wording travels along as `message` for hosts, logs and the CLI.
 *
 * The table is closed: a key not named here cannot be thrown or sent (AnlaufError takes only
 * these), and every key has a German and an English text with exactly these parameters
 * (test/unit/messages.test.ts walks the table).
 */
import { z } from 'zod';

const str = z.string().max(2000);
const num = z.number();
/** A message worded inside another one, e.g. why an automatic disposition was refused. */
const inner = z.object({ key: z.string(), params: z.record(z.string(), z.union([str, num])) });

/** Every key main may send, with the names and kinds of its parameters. */
export const messageParams = {
  // The Dispatcher: requests that do not fit the contract are a host's mistake, not the agent's.
  'command.unknown': { command: str },
  'command.invalid': { command: str, issues: str },
  'command.failed': { command: str, detail: str },
  'command.refused': { detail: str },
  'host.connectionLost': {},
  'host.malformedRequest': {},
  'host.commandFailed': { command: str },

  'call.notFound': {},
  'call.alreadyEnded': {},
  'call.cannotAnswer': { state: inner },
  'call.onlyActiveHold': {},
  'call.onlyActiveResume': {},
  'call.onlyActiveSwap': {},
  'call.onlyActiveMute': {},
  'call.onlyActiveUnmute': {},
  'call.onlyActiveTones': {},
  'call.onlyActiveTransfer': {},
  'call.onlyActiveConsult': {},
  // A state worded inside a refusal ("the call is ended"), so no raw state name reaches a sentence.
  'callState.dialing': {},
  'callState.ringing': {},
  'callState.active': {},
  'callState.ended': {},
  'callLog.noSuchCall': {},
  'callLog.diskFull': {},
  'callLog.notSaved': { detail: str },

  'phone.answerOnlyRinging': {},
  'phone.rejectOnlyRinging': {},
  'phone.notConsultation': {},
  'phone.holdFailed': { detail: str },
  'phone.transferFailed': { detail: str },

  'dial.nothing': {},
  'dial.notDiallable': { input: str },
  'dial.invalidNumber': { input: str },
  'dial.needsDomain': { input: str },
  'dial.unknownTarget': { input: str },
  'dial.blocked': { number: str, prefix: str },

  'sip.needsAccount': {},
  'sip.endedBeforeAnswer': {},
  'sip.notStarted': {},
  'sip.notRegistered': {},
  'sip.cannotCall': { target: str, detail: str },
  'sip.busy': {},
  'sip.holdRefused': { status: str },
  'sip.holdUnanswered': {},
  'sip.resumeRefused': { status: str },
  'sip.resumeUnanswered': {},
  'sip.transferRefused': { target: str, status: str },
  'sip.transferFailed': { target: str },
  'sip.cannotTransfer': {},
  'sip.noSuchCall': {},

  // Why the line is down, as the line status shows it; the server's and JsSIP's own words stay a parameter.
  'line.connectionRefused': {},
  'line.serverNotFound': {},
  'line.connectionTimedOut': {},
  'line.connectionReset': {},
  'line.socketError': { code: str },
  'line.connectionClosed': {},
  'line.connectionClosedCode': { code: num },
  'line.keepAliveUnanswered': {},
  'line.serverStoppedAnswering': {},
  'line.registrationFailed': {},
  'line.serverSaid': { detail: str },

  'training.notStarted': {},
  'training.notRinging': {},
  'training.notInProgress': {},
  'training.noSuchCall': {},
  'training.decliningWrapUp': {},
  'training.decliningOffline': {},
  'training.decliningNotReady': {},

  'agent.unknownReason': { reason: str, reasons: str },
  'agent.reasonOnlyNotReady': {},
  'queues.unknown': { queue: str },
  'queues.notYourSkill': { queue: str, skill: str },
  'queues.serverRefused': { address: str, detail: str },
  'queues.featureCodeFailed': { code: str, detail: str },
  'queues.noSipLine': {},
  'shiftCheck.requiredBeforeReady': {},
  'shiftCheck.off': {},
  'shiftCheck.running': {},
  'shiftCheck.busy': {},
  'shiftCheck.notRunning': {},
  'shiftCheck.notWaiting': {},

  'headset.notPlugged': {},
  'audio.microphoneUnplugged': {},
  'audio.namedMicrophoneUnplugged': { device: str },
  'audio.speakerUnplugged': {},
  'audio.namedSpeakerUnplugged': { device: str },
  'audio.microphoneRestarted': {},
  'audio.microphoneFellBack': {},
  'audio.ringtoneBlocked': {},
  'audio.noMicrophone': {},

  'wrapUp.dispositionFirst': {},
  'wrapUp.unknownCode': { code: str },
  'wrapUp.requiredUnanswered': { questions: str },
  'wrapUp.callbackTimeMissing': {},
  'wrapUp.callbackInPast': {},
  'wrapUp.notWaiting': {},
  'wrapUp.autoFailed': { code: str, reason: inner },
  'wrapUp.autoFailedDetail': { code: str, detail: str },

  'callback.notFound': {},
  'callback.notOpen': { state: inner },
  'callback.alreadyMade': {},
  'callbackState.open': {},
  'callbackState.dialed': {},
  'callbackState.done': {},
  'callbackState.cancelled': {},
  'callback.due': { who: str, number: str },
  'callback.dueWithNote': { who: str, number: str, note: str },

  // Why the call log does not reach the backend; the backend's own reply stays a parameter.
  'sync.timedOut': {},
  'sync.connectionRefused': {},
  'sync.connectionReset': {},
  'sync.nameNotFound': {},
  'sync.unreachable': { detail: str },
  'sync.unreadable': { status: num },
  'sync.partlyConfirmed': { status: num, confirmed: num, sent: num },
  'sync.slowDown': {},
  'sync.http': { reply: str },
  'sync.httpCheckToken': { reply: str },
  'sync.httpCheckUrl': { reply: str },
  // The sync's state as one sentence (core/sync/sync-status.ts), for the screen and the CLI.
  'syncStatus.noBackend': { pending: num },
  'syncStatus.neverReached': { url: str, error: inner, pending: num },
  'syncStatus.notTried': { url: str },
  'syncStatus.failing': { url: str, error: inner, pending: num },
  'syncStatus.waiting': { url: str, pending: num },
  'syncStatus.delivered': { url: str },

  // Electron's system notifications.
  'notify.incomingCall': { caller: str },
  'notify.forClient': { client: str },
  'notify.answerInAnlauf': {},
  'notify.callbackDue': { who: str },
  'notify.callBackFromAnlauf': {},

  'callList.notFound': {},
  'callList.recordDialing': {},
  'callList.recordDialingDisposition': {},
  'callList.noSuchRecord': {},
  'callList.empty': {},
  'callList.noHeader': {},
  'callList.noPhoneColumn': { columns: str },
  'callList.notCsv': { detail: str },
  'callList.nothingDialable': { rejected: num, row: str, reason: inner },
  'callList.rowNoNumber': {},
  'callList.rowNotDiallable': { number: str },
  'preview.notStarted': {},
  'preview.allWorked': {},

  'script.notLoaded': { scriptId: str },
  'script.versionNotLoaded': { scriptId: str, version: num },
  'script.refused': { detail: str },
  'script.firstStep': {},
  'script.noPreview': {},
  'script.noScript': {},
  // IT's settings file at start: what the agent should pass on to IT (docs/it-admin.md).
  'settings.lastGood': { file: str, errors: num },
  'settings.empty': { file: str },
  'settings.sipIncomplete': {},
  'settings.formMappingFields': { file: str, count: num, places: str },
  // Machine policy (core/settings/policy/): a locked setting, and what the agent passes on to IT.
  'settings.lockedByPolicy': { setting: str },
  'policy.refused': { source: str, reason: inner },
  'policy.lastGood': { source: str, reason: inner },
  'policy.ignored': { count: num, keys: str },
  'policyReason.notRoot': { owner: num },
  'policyReason.writable': { mode: str },
  'policyReason.symlink': {},
  'policyReason.notFile': {},
  'policyReason.unreadable': { detail: str },
  'policyReason.invalid': { detail: str },
  'settings.lastGoodSecretsLost': { keys: str },
  // Where the desk keeps passwords between starts: said where the agent would rely on it.
  'secrets.memoryOnly': {},
  'scripts.loaded': { file: str, detail: inner },
  'scripts.loadedVersion': { version: num, campaign: str },
  'scripts.loadedVersionForClient': { version: num, campaign: str, client: str },
  'scripts.unchangedVersion': { version: num, campaign: str },
  'scripts.unchangedVersionForClient': { version: num, campaign: str, client: str },
  'scripts.loadedWithWarnings': { file: str, problems: str },
  'scripts.notLoaded': { file: str, problems: str },
  'scripts.notLoadedMore': { file: str, problems: str, more: num },
  'forms.required': {},
  'forms.wrongValue': {},
  'forms.tooShort': { min: num },
  'forms.tooLong': { max: num, length: num },
  'forms.notNumber': {},
  'forms.numberTooSmall': { min: num },
  'forms.numberTooLarge': { max: num },
  'forms.badEmail': {},
  'forms.badPhone': {},
  'forms.badPostcode': {},
  'forms.ibanCountry': { country: str },
  'forms.ibanLength': { country: str, length: num, typed: num },
  'forms.ibanCheckDigits': {},
  'forms.ibanFormat': { country: str },
  'forms.badBic': {},
  'forms.badDate': { value: str },
  'forms.badDatetime': { value: str },
  'forms.tooEarly': { min: str },
  'forms.tooLate': { max: str },
  'forms.rangeIncomplete': {},
  'forms.rangeReversed': { from: str, to: str },
  'forms.notAnOption': { value: str },
  'forms.tooFewPicked': { min: num },
  'forms.tooManyPicked': { max: num },
  'forms.unknownForm': { formId: str },
  'forms.notForCall': { formId: str },
  'forms.noCall': { callId: str },
  'forms.notOpen': { id: str },
  'forms.unknownField': { fieldId: str, title: str },
  'forms.hasErrors': { count: num },
  'forms.notRefused': { id: str },
  'forms.notLoaded': { file: str, problems: str },
  'forms.notLoadedMore': { file: str, problems: str, more: num },
  'forms.loadedVersion': { formId: str, version: num },
  'forms.unchangedVersion': { formId: str, version: num },
  // Current topics (core/topics/): a topics file the folder could not take, a new high-priority topic, a topic not on the call.
  'topics.notLoaded': { file: str, problems: str },
  'topics.notLoadedMore': { file: str, problems: str, more: num },
  'topics.newHighPriority': { title: str, client: str },
  'topics.notOnCall': { topic: str },

  'customer.notFound': {},
  'customer.badNumber': { number: str },
  'customer.exists': { number: str },
  'customer.importRunning': {},
  'customer.importRefused': { detail: str },
  'customer.directoryReadOnly': { folder: str },
  // The shared customer directory as the desk found it at start: said in the customers area and the settings.
  'customerDirectory.readOnly': { folder: str },
  'customerDirectory.unreachable': { folder: str },
  // Customers created or corrected at the desk on their way to the client's CRM (core/customers/crm-writer.ts).
  'customerSync.conflict': { name: str },
  'customerSync.refused': { name: str, reason: str },
  'customerSync.waiting': { reason: inner },
  'customerSync.plainHttp': {},
  'customerSync.noConflict': {},
  'customerSync.notConfigured': {},

  // Updates from IT's update server (core/updates/): what the agent is told, and why a check failed.
  'updates.readyAfterWork': { version: str },
  'updates.restarting': { version: str, seconds: num },
  'updates.unreachable': { detail: str },
  'updates.noChannelFile': { file: str },
  'updates.badFeed': { detail: str },
  'updates.corrupt': { file: str },
  'updates.failed': { detail: str },
  // Why the CRM gave no answer for the customer card; the CRM's own words and codes stay parameters.
  'crm.notConfigured': {},
  'crm.notSent': { detail: str },
  'crm.badCredentials': { status: num },
  'crm.redirect': { status: num },
  'crm.httpStatus': { status: num },
  'crm.httpStatusSaid': { status: num, excerpt: str },
  'crm.notJson': {},
  'crm.mappingMismatch': { detail: str },
  'crm.timeout': { duration: str },
  'crm.connectionRefused': {},
  'crm.connectionReset': {},
  'crm.nameNotFound': {},
  'crm.unreachable': { detail: str },
  // The customer card's problem line: what went wrong, and what the card shows instead.
  'customerCard.crmFailed': { reason: inner, showing: inner },
  'customerCard.crmSlow': { showing: inner },
  'customerCard.showingCache': {},
  'customerCard.showingDirectory': {},
  'customerCard.showingNothing': {},
  'customerCard.lookupFailed': { detail: str },
  // Why the call banner cannot name the company, or what it noticed on the way.
  'context.companyUnknown': { dialed: str, ivr: str },
  'context.companyUnknownNoDialed': { ivr: str },
  'context.companyUnknownNoIvr': { dialed: str },
  'context.companyUnknownNeither': {},
  'context.companyNotConfigured': { client: str },
  'context.ivrQueueDisagree': { ivr: str, queue: str, client: str },
  'context.ivrDialedDisagree': { ivr: str, number: str, dialed: str },
  'context.ivrClientUnknownQueue': { code: str, queue: str },
  'context.ivrClientUnknown': { code: str },
  'context.ivrCampaignUnknownOnly': { code: str, client: str, campaign: str },
  'context.ivrCampaignUnknown': { code: str, client: str },

  // Why a row of a customer import was rejected; the CSV parser's own words stay a parameter.
  'customerImport.fieldCount': { fields: num, header: num },
  'customerImport.badPhone': { number: str, column: str },
  'customerImport.shortPhone': { number: str, column: str },
  'customerImport.noName': {},
  'customerImport.badEmail': { email: str },
  'customerImport.unreadable': { detail: str },
  'customerImport.unknownClient': { client: str, known: str },

  // Why a record sits in the sync quarantine; the backend's own words stay a parameter.
  'syncQuarantine.rejected': { detail: str },
  'syncQuarantine.rejectedNoReason': {},
  'syncQuarantine.notJson': {},
  'syncQuarantine.unknownTopic': { topic: str },
  'syncQuarantine.misfit': { topic: str },
  'syncQuarantine.other': { detail: str },

  'upload.tooLarge': { size: str, max: str },
  'upload.tooMany': {},
  'upload.outOfOrder': { offset: num, received: num },
  'upload.tooLong': {},
  'upload.wrongPurpose': { actual: str, wanted: str },
  'upload.incomplete': { received: num, size: num },
  'upload.notFound': {},

  // Agents signing in on shared desks (core/desk/).
  'signIn.badAgentId': { agentId: str },
  'signIn.passwordMissing': {},
  'signIn.wrongPassword': {},
  'signIn.locked': {},
  'signIn.serverSaid': { detail: str },
  'signIn.required': {},
  'signIn.notOffered': {},
  'signIn.alreadySignedIn': { agentId: str },
  'signIn.callInProgress': {},
  'signIn.credentialsRefused': {},
  'signIn.signedOutRefused': {},
  'signIn.restoreNeedsPassword': {},
  'signIn.restoreFailed': { agentId: str },

  // A submitted form on its way to the client's system (core/forms/form-delivery.ts) and the backend.
  'formDelivery.invalid': { detail: str },
  'formDelivery.resendNotRefused': {},
  'formDelivery.resendRevision': { expected: num, got: num },
  'formDelivery.resendOtherForm': {},
  'formDelivery.timedOut': { duration: str },
  'formDelivery.connectionRefused': {},
  'formDelivery.connectionReset': {},
  'formDelivery.nameNotFound': {},
  'formDelivery.unreachable': { detail: str },
  'formDelivery.serverTrouble': { status: num, excerpt: str },
  'formDelivery.slowDown': {},
  'formDelivery.checkEndpoint': { status: num },
  'formDelivery.redirect': { status: num },
  'formDelivery.refused': { status: num, reason: str },
  'formDelivery.refusedNoReason': { status: num },
  'formDelivery.noEndpoint': {},
  'formDelivery.plainHttp': {},
  'formDelivery.backendRefused': { detail: str },
} as const satisfies Record<string, Record<string, typeof str | typeof num | typeof inner>>;

export type MessageKey = keyof typeof messageParams;
export const messageKeys = Object.keys(messageParams) as MessageKey[];

/** A message worded inside another: one level deep, its own parameters plain. */
export type InnerMessage = z.output<typeof inner>;
export type MessageParamsOf<K extends MessageKey> = { [P in keyof (typeof messageParams)[K]]: z.output<(typeof messageParams)[K][P]> };
export type Message = { [K in MessageKey]: { key: K; params: MessageParamsOf<K> } }[MessageKey];

/** `[key, params]` of every message, for functions that take the two side by side. */
export type MessageArgs = { [K in MessageKey]: [key: K, params: MessageParamsOf<K>] }[MessageKey];

/** Parses a message on the wire: a known key with exactly its parameters. */
export const messageSchema = z.union(
  messageKeys.map((key) => z.object({ key: z.literal(key), params: z.object(messageParams[key]).strict() })) as unknown as [
    z.ZodType<Message>,
    z.ZodType<Message>,
  ],
);

export function said<K extends MessageKey>(key: K, params: MessageParamsOf<K>): { key: K; params: MessageParamsOf<K> } {
  return { key, params };
}
