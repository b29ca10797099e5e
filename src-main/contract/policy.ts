import { z } from 'zod';

/**
 * The settings IT may set by machine policy (Group Policy, MDM profile, /etc/anlauf/policy.json).
 * A setting that policy sets is locked: the agent cannot change it, the settings dialog shows it as
 * "set by your IT department", and `settings:update` refuses it.
 *
 * Each key is a dotted path of the settings schema; policy writes it nested the same way in every
 * format (a JSON object, a plist dictionary, a registry subkey per section:
 * `HKLM\SOFTWARE\Policies\Anlauf\sip` value `websocketUrl`). The labels name the key in the Group
 * Policy editor (ADML, German and English). test/unit/policy-templates.test.ts keeps this list, the
 * settings schema and the templates in resources/policy/ in step.
 *
 * Secrets are left out on purpose: a registry value or a managed preference is readable by every
 * user of the machine.
 */
export const POLICY_KEYS = {
  'ui.language': { en: 'Language of the workstation', de: 'Sprache des Arbeitsplatzes' },
  'sip.websocketUrl': { en: 'SIP server (WebSocket URL)', de: 'SIP-Server (WebSocket-URL)' },
  'sip.outboundProxy': { en: 'SIP outbound proxy', de: 'SIP-Outbound-Proxy' },
  'sip.registerExpiresSeconds': { en: 'SIP registration interval (seconds)', de: 'SIP-Registrierungsintervall (Sekunden)' },
  'sip.defaultCountry': { en: 'Country of numbers dialled without a country code', de: 'Land für Nummern ohne Ländervorwahl' },
  'sip.blockedPrefixes': { en: 'Blocked number prefixes', de: 'Gesperrte Rufnummernpräfixe' },
  'sip.dtmf': { en: 'How key presses are sent (DTMF)', de: 'Übertragung von Tastentönen (DTMF)' },
  'audio.ringVolume': { en: 'Ringtone volume (percent)', de: 'Klingeltonlautstärke (Prozent)' },
  'headset.holdPolicy': { en: 'How hold is shown to the headset', de: 'Anzeige von Halten am Headset' },
  'sync.url': { en: 'Call log backend (URL)', de: 'Backend für das Anrufprotokoll (URL)' },
  'sync.allowPlainHttp': { en: 'Allow unencrypted http:// to the call log backend', de: 'Unverschlüsseltes http:// zum Anrufprotokoll-Backend erlauben' },
  'sync.timeoutSeconds': { en: 'Call log backend timeout (seconds)', de: 'Zeitlimit des Anrufprotokoll-Backends (Sekunden)' },
  'sync.retryMaxSeconds': { en: 'Longest wait between delivery attempts (seconds)', de: 'Längste Wartezeit zwischen Zustellversuchen (Sekunden)' },
  'callLog.retentionDays': { en: 'Days calls are kept on the workstation', de: 'Aufbewahrung der Anrufe am Arbeitsplatz (Tage)' },
  'agent.declineCode': { en: 'SIP status for declined calls', de: 'SIP-Status für abgewiesene Anrufe' },
  'agent.skills': { en: "The agent's skills (queues they may serve)", de: 'Fähigkeiten des Agenten (Warteschlangen, die er bedienen darf)' },
  'queues.adapter': { en: 'How queue logins reach the server', de: 'Wie Warteschlangen-Anmeldungen den Server erreichen' },
  'wrapUp.autoSeconds': { en: 'Automatic end of wrap-up (seconds)', de: 'Automatisches Ende der Nachbearbeitung (Sekunden)' },
  'wrapUp.autoDisposition': { en: 'Disposition given at the automatic end of wrap-up', de: 'Abschlusscode beim automatischen Ende der Nachbearbeitung' },
  'scripts.folder': { en: 'Folder of call scripts', de: 'Ordner der Gesprächsleitfäden' },
  'topics.folder': { en: 'Folder of current topics', de: 'Ordner der aktuellen Themen' },
  'topics.fromBackend': { en: 'Current topics from the call log backend', de: 'Aktuelle Themen vom Anrufprotokoll-Backend' },
  'topics.refreshMinutes': { en: 'Minutes between asking the backend for current topics', de: 'Minuten zwischen Abfragen der aktuellen Themen beim Backend' },
  'shiftCheck.mode': { en: 'Pre-shift check', de: 'Arbeitsplatz-Check vor Schichtbeginn' },
  'shiftCheck.every': { en: 'How often the pre-shift check is due', de: 'Häufigkeit des Arbeitsplatz-Checks' },
  'shiftCheck.headsetRequired': { en: 'The pre-shift check requires a USB headset', de: 'Der Arbeitsplatz-Check verlangt ein USB-Headset' },
  'shiftCheck.echoExtension': { en: 'Echo test extension', de: 'Durchwahl des Echotests' },
  'hotkeys.answer': { en: 'Hotkey: answer', de: 'Tastenkürzel: Annehmen' },
  'hotkeys.hangup': { en: 'Hotkey: hang up', de: 'Tastenkürzel: Auflegen' },
  'hotkeys.hold': { en: 'Hotkey: hold and resume', de: 'Tastenkürzel: Halten und Zurückholen' },
  'hotkeys.mute': { en: 'Hotkey: mute', de: 'Tastenkürzel: Stummschalten' },
  'hotkeys.transfer': { en: 'Hotkey: transfer', de: 'Tastenkürzel: Weiterleiten' },
  'hotkeys.ready': { en: 'Hotkey: ready and not ready', de: 'Tastenkürzel: Bereit und Nicht bereit' },
  'hotkeys.global': { en: 'Hotkeys work while other programs have the focus', de: 'Tastenkürzel wirken auch, wenn ein anderes Programm im Vordergrund ist' },
  'updates.enabled': { en: 'Updates on', de: 'Updates eingeschaltet' },
  'updates.url': { en: 'Update server (URL)', de: 'Update-Server (URL)' },
  'updates.channel': { en: 'Update channel', de: 'Update-Kanal' },
  'updates.pinVersion': { en: 'Pinned version', de: 'Festgelegte Version' },
  'updates.rolloutPosition': { en: 'Place in staged rollouts (0–100)', de: 'Platz bei gestaffelten Updates (0–100)' },
  'updates.checkHours': { en: 'Hours between update checks', de: 'Stunden zwischen Update-Prüfungen' },
  'customers.directoryFolder': { en: 'Folder of the shared customer directory', de: 'Ordner des gemeinsamen Kundenverzeichnisses' },
  'colleagues.publishPresence': { en: "Publish the agent's state as SIP presence", de: 'Status des Agenten als SIP-Präsenz veröffentlichen' },
  'colleagues.directoryUrl': { en: 'Colleague directory (URL)', de: 'Kollegenverzeichnis (URL)' },
  'colleagues.allowPlainHttp': { en: 'Allow plain http:// to the colleague directory', de: 'Unverschlüsseltes http:// zum Kollegenverzeichnis erlauben' },
  'colleagues.subscribeMax': { en: 'Colleagues watched at once', de: 'Gleichzeitig beobachtete Kollegen' },
  'signIn.mode': { en: 'Agents sign in on this desk', de: 'Anmeldung der Agenten an diesem Arbeitsplatz' },
  'signIn.uriTemplate': { en: "Agent's SIP address ({agentId} template)", de: 'SIP-Adresse des Agenten (Vorlage mit {agentId})' },
  'signIn.authorizationUserTemplate': { en: 'SIP authentication user ({agentId} template)', de: 'SIP-Anmeldename (Vorlage mit {agentId})' },
  'signIn.staySignedIn': { en: 'Offer "stay signed in"', de: '„Angemeldet bleiben“ anbieten' },
} as const satisfies Record<string, { en: string; de: string }>;

export type PolicyKey = keyof typeof POLICY_KEYS;

/** Where an effective setting came from, strongest first. */
export const settingSourceSchema = z.enum(['policy', 'file', 'agent', 'default']);
export type SettingSource = z.output<typeof settingSourceSchema>;
