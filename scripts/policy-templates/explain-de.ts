import type { PolicyKey } from '../../src-main/contract/policy';

/**
 * The German explain texts of the Group Policy templates (de-DE/anlauf.adml). The English ones are
 * the settings schema's `.describe()` texts; these say the same for German-speaking IT. Partial so
 * a key added to POLICY_KEYS elsewhere still type-checks: `npm run policy:templates` and
 * test/unit/policy-templates.test.ts then name the key whose text is missing.
 */
export const explainDe: Partial<Record<PolicyKey, string>> = {
  'ui.language': 'Sprache des Arbeitsplatzes. "auto" folgt der Sprache des Betriebssystems oder Browsers (Deutsch für jede "de-*"-Sprache, sonst Englisch).',
  'sip.websocketUrl':
    'WebSocket-URL des SIP-Servers (z. B. "wss://sip.example.org:7443"). Zusammen mit der SIP-Adresse des Agenten (sip.uri, in der Einstellungsdatei) wird die SIP-Leitung zur Leitung des Agenten.',
  'sip.outboundProxy':
    'SIP-URI eines Outbound-Proxys, über den jede Anfrage geleitet wird (eine vorab gesetzte Route-Kopfzeile), z. B. "sip:proxy.example.org;lr".',
  'sip.registerExpiresSeconds': 'Gültigkeitsdauer der Registrierung, die beim Server erbeten wird; die Leitung registriert sich vor ihrem Ablauf erneut.',
  'sip.defaultCountry': 'Land, dessen Rufnummernplan für Nummern ohne Ländervorwahl gilt (ISO 3166, z. B. DE, AT, CH).',
  'sip.blockedPrefixes':
    'Nummern, die dieser Arbeitsplatz nie wählt, nach ihrem Anfang, z. B. 0900, 0137, +88 (eine Zeile je Präfix): getippt, aus einem Link, als Rückruf, aus einer Anrufliste, bei Weiterleitung oder Rückfrage; der Agent erfährt den Grund. Geschrieben wie im Land von sip.defaultCountry gewählt (0900) oder international (+49900, 0049 900) – alle drei bedeuten dasselbe und erfassen jede Schreibweise der Nummer, auch in einer SIP-Adresse. Ein Eintrag ohne Verkehrsausscheidungs- oder Ländervorwahl (118) erfasst so gewählte Nummern (11833).',
  'sip.dtmf': 'Wie Tastendrücke gesendet werden: "rfc4733" als Telefonie-Ereignisse im Audiostrom (RFC 4733) oder "info" als SIP INFO.',
  'audio.ringVolume': 'Lautstärke des Klingeltons in Prozent (0 klingelt lautlos).',
  'headset.holdPolicy': 'Wie Halten dem Headset angezeigt wird: "keepOffHook" (Art von Jabra), "clearOffHook" (Art von Poly) oder "auto" je nach Hersteller.',
  'sync.url':
    'Basis-URL des Backends, das das Anrufprotokoll empfängt (docs/sync-api.yaml); nicht gesetzt, bleibt alles am Arbeitsplatz. Eine http://-URL wird für jeden Rechner außer diesem (localhost, 127.0.0.1, ::1) abgelehnt, außer wenn "Unverschlüsseltes http:// zum Anrufprotokoll-Backend erlauben" eingeschaltet ist.',
  'sync.allowPlainHttp':
    'Erlaubt für das Anrufprotokoll-Backend eine http://-URL zu einem anderen Rechner: Token und jeder Anrufdatensatz gehen dann für jeden auf dem Weg lesbar über das Netz. Nur für ein Backend, das über einen Tunnel oder ein durchgehend von der IT kontrolliertes Netz erreicht wird; bei jedem Start wird eine Warnung protokolliert.',
  'sync.timeoutSeconds': 'Wie lange auf die Antwort des Backends gewartet wird, bevor die Zustellung später erneut versucht wird.',
  'sync.retryMaxSeconds':
    'Längste Wartezeit zwischen zwei Zustellversuchen, solange das Backend nicht antwortet (die Wartezeiten wachsen ab 1 s, mit Zufallsanteil).',
  'callLog.retentionDays':
    'Anrufe, die älter als diese Zahl von Tagen sind, werden von diesem Arbeitsplatz gelöscht – erst, wenn das Backend sie hat. Nicht gesetzt: Anrufe bleiben erhalten.',
  'agent.declineCode':
    'SIP-Status für eingehende Anrufe, während der Agent nicht bereit, in der Nachbearbeitung oder offline ist, damit die Warteschlange sie anders verteilt: 486 (besetzt), 480 (vorübergehend nicht erreichbar) oder 603 (abgelehnt).',
  'agent.skills':
    'Die Fähigkeiten des Agenten (eine Zeile je Fähigkeit): er darf sich an jeder Warteschlange aus queues.list anmelden, deren skill darunter ist. An einem geteilten Arbeitsplatz nennt queues.agentSkills die Fähigkeiten je Agenten-ID.',
  'queues.adapter':
    'Wie eine Warteschlangen-Anmeldung den Server erreicht: "registrar" registriert den Kontakt des Agenten unter der Adresse jeder Warteschlange (Kamailio, OpenSIPS verzweigen Anrufe an alle angemeldeten, nicht pausierten Agenten); "featureCodes" wählt die Kennziffern der Telefonanlage (Asterisk, FreePBX), z. B. *45 für An- und Abmelden, *46 für Pause.',
  'wrapUp.autoSeconds':
    'Nach so vielen Sekunden Nachbearbeitung erhält der Anruf den Abschlusscode aus "Abschlusscode beim automatischen Ende der Nachbearbeitung", und der Agent ist wieder bereit. Nicht gesetzt: die Nachbearbeitung dauert, bis der Agent einen Code wählt.',
  'wrapUp.autoDisposition':
    'Der Abschlusscode, der beim Ablauf von "Automatisches Ende der Nachbearbeitung" vergeben wird; ohne ihn zeigt der Zeitgeber nur, wie lange die Nachbearbeitung dauert. Der Code muss in einem Abschlusscode-Satz der Einstellungen stehen.',
  'scripts.folder':
    'Ein Ordner mit Gesprächsleitfäden (*.yaml), die beim Start und bei jeder Änderung einer Datei darin geladen werden. Relative Pfade gelten gegenüber der Einstellungsdatei; per Richtlinie besser einen absoluten Pfad oder eine Freigabe angeben.',
  'topics.folder':
    'Ein gemeinsamer Ordner mit aktuellen Themen (*.yaml, docs/topics.md), der beim Start und bei jeder Änderung einer Datei darin gelesen wird. Relative Pfade gelten gegenüber der Einstellungsdatei; per Richtlinie besser einen absoluten Pfad oder eine Freigabe angeben.',
  'topics.fromBackend':
    'Aktuelle Themen auch beim Anrufprotokoll-Backend abfragen (GET {sync.url}/v1/topics), wenn sync.url gesetzt ist; die letzte gute Antwort bleibt für Starts ohne Backend erhalten. Ein Thema aus dem Ordner geht einem gleichnamigen des Backends vor.',
  'topics.refreshMinutes': 'Wie oft das Backend nach aktuellen Themen gefragt wird (Minuten).',
  'shiftCheck.mode':
    'Der Arbeitsplatz-Check ("Arbeitsplatz prüfen"): "off" blendet ihn aus; "offered" lässt den Agenten ihn aus der Telefonleiste starten; "required" öffnet ihn zu Schichtbeginn von selbst und verweigert "Bereit", bis er bestanden ist (laufende Anrufe sind nie betroffen).',
  'shiftCheck.every':
    'Wie oft ein verlangter Check fällig ist: "appStart" bei jedem Start der Anwendung, "day" einmal je Kalendertag an diesem Rechner (ein bestandener Check gilt über Neustarts an diesem Tag hinweg).',
  'shiftCheck.headsetRequired':
    'Der Check schlägt ohne USB-Headset mit Anruftasten fehl. Ausgeschaltet: ohne angeschlossenes Headset besteht dieser Punkt, mit einem Hinweis darauf.',
  'shiftCheck.echoExtension':
    'Die Durchwahl des Echo-Dienstes des SIP-Servers (z. B. *43). Der Check ruft sie an und ist bestanden, wenn der eigene Ton des Agenten zurückkommt. Nicht gesetzt: kein Echotest. Der Echo-Anruf erscheint nie im Anrufprotokoll.',
  'hotkeys.answer':
    'Nimmt den klingelnden Anruf an (bei mehreren den ältesten). Standard: CommandOrControl+Shift+A. Als Electron-Tastenkombination geschrieben, z. B. "CommandOrControl+Shift+A" (Strg unter Windows und Linux, Cmd am Mac) oder "F9". Eine Kombination, die ein Textfeld, der Browser oder Electron braucht, wird mit Begründung abgelehnt. Nicht gesetzt: kein Tastenkürzel.',
  'hotkeys.hangup':
    'Legt den Anruf auf, in dem der Agent spricht; ohne ihn den gehaltenen oder gerade gewählten. Standard: CommandOrControl+Shift+H. Als Electron-Tastenkombination geschrieben, z. B. "CommandOrControl+Shift+A" (Strg unter Windows und Linux, Cmd am Mac) oder "F9". Eine Kombination, die ein Textfeld, der Browser oder Electron braucht, wird mit Begründung abgelehnt. Nicht gesetzt: kein Tastenkürzel.',
  'hotkeys.hold':
    'Hält den Anruf oder holt den gehaltenen zurück. Standard: CommandOrControl+Shift+L. Als Electron-Tastenkombination geschrieben, z. B. "CommandOrControl+Shift+A" (Strg unter Windows und Linux, Cmd am Mac) oder "F9". Eine Kombination, die ein Textfeld, der Browser oder Electron braucht, wird mit Begründung abgelehnt. Nicht gesetzt: kein Tastenkürzel.',
  'hotkeys.mute':
    'Schaltet das Mikrofon des Agenten im Anruf stumm oder wieder ein. Standard: CommandOrControl+Shift+M. Als Electron-Tastenkombination geschrieben, z. B. "CommandOrControl+Shift+A" (Strg unter Windows und Linux, Cmd am Mac) oder "F9". Eine Kombination, die ein Textfeld, der Browser oder Electron braucht, wird mit Begründung abgelehnt. Nicht gesetzt: kein Tastenkürzel.',
  'hotkeys.transfer':
    'Öffnet das Weiterleitungsformular des Anrufs, in dem der Agent spricht. Standard: CommandOrControl+Shift+X. Als Electron-Tastenkombination geschrieben, z. B. "CommandOrControl+Shift+A" (Strg unter Windows und Linux, Cmd am Mac) oder "F9". Eine Kombination, die ein Textfeld, der Browser oder Electron braucht, wird mit Begründung abgelehnt. Nicht gesetzt: kein Tastenkürzel.',
  'hotkeys.ready':
    'Wechselt zwischen Bereit und Nicht bereit. Standard: CommandOrControl+Shift+S. Als Electron-Tastenkombination geschrieben, z. B. "CommandOrControl+Shift+A" (Strg unter Windows und Linux, Cmd am Mac) oder "F9". Eine Kombination, die ein Textfeld, der Browser oder Electron braucht, wird mit Begründung abgelehnt. Nicht gesetzt: kein Tastenkürzel.',
  'hotkeys.global':
    'In der installierten Anwendung (Electron) wirken die Tastenkürzel auch, wenn ein anderes Programm im Vordergrund ist, z. B. das CRM im Browser. Sie fehlen dann allen anderen Programmen am Rechner; eine Kombination, die ein anderes Programm schon belegt, bleibt diesem, und das Protokoll sagt es. Ausgeschaltet: die Tastenkürzel wirken nur im Fenster des Arbeitsplatzes. Der Browser-Host kann keine globalen Tastenkürzel haben.',
  'updates.enabled': 'Ausgeschaltet sind Updates aus: der Arbeitsplatz fragt den Update-Server nie, und ein schon geladenes Update wird nicht installiert.',
  'updates.url':
    'Der Ordner des Update-Servers, z. B. "https://updates.example.org/anlauf/", mit latest.yml (Windows), latest-mac.yml, latest-linux.yml und den Installationspaketen. Nicht gesetzt: die URL, mit der das Installationspaket gebaut wurde. Nur https:// (http:// nur für diesen Rechner).',
  'updates.channel':
    'Welche Kanaldatei der Arbeitsplatz liest: "latest" liest latest.yml / latest-mac.yml / latest-linux.yml, "beta" liest beta.yml / beta-mac.yml / beta-linux.yml. Ein Kanal führt nie auf eine ältere Version zurück.',
  'updates.pinVersion':
    'Hält den Arbeitsplatz auf einer Version: installiert wird nur eine Version des Kanals, die dazu passt, nie eine neuere. "1.4" nimmt jede 1.4.x, "1.4.2" genau diese. Eine Festlegung unter der installierten Version stuft nicht herab: der Arbeitsplatz bleibt, wo er ist. Nicht gesetzt: jede neuere Version des Kanals.',
  'updates.rolloutPosition':
    'Der Platz des Arbeitsplatzes bei gestaffelten Updates (stagingPercentage in der Kanaldatei): eine gestaffelte Version wird installiert, sobald der Prozentsatz über dieser Zahl liegt. 0 setzt Pilot-Arbeitsplätze in die erste Welle, 100 nimmt eine Version erst, wenn sie für alle freigegeben ist. Nicht gesetzt: ein fester Platz aus dem Computernamen, gleich für jeden Agenten am Arbeitsplatz und nach einer Neuinstallation.',
  'updates.checkHours':
    'Wie oft der Arbeitsplatz den Update-Server fragt, in Stunden. Die erste Prüfung kommt 1 bis 10 Minuten nach dem Start (zufällig, damit ein gemeinsam gestarteter Raum nicht gleichzeitig fragt).',
  'customers.directoryFolder':
    'Der Ordner des Kundenverzeichnisses (customers.sqlite), das sich alle Benutzer dieses Rechners teilen. Nicht gesetzt: der rechnerweite Ordner (Windows %ProgramData%\\Anlauf, macOS /Library/Application Support/Anlauf, Linux /var/lib/anlauf). Eine Netzwerkfreigabe (\\\\server\\anlauf, ein NFS- oder SMB-Mount) wird mit einem Rollback-Journal statt WAL genutzt; eine nur lesbare Freigabe beantwortet Suchen und verweigert Importe.',
  'colleagues.publishPresence':
    'Der Status des Agenten (bereit, nicht bereit mit Grund, im Gespräch, Nachbearbeitung, abgemeldet) geht bei jeder Änderung als SIP-Präsenz an den SIP-Server (PUBLISH, PIDF mit RPID-Aktivitäten), für Kollegen, Werkzeuge der Teamleitung und den Server selbst.',
  'colleagues.directoryUrl':
    'Eine URL, die JSON { "colleagues": [ … ] } liefert (Einträge wie in colleagues.directory: Name, SIP-Adresse oder Durchwahl, Mandant, Fachgebiete, Sprachen); ihre Einträge kommen nach denen aus colleagues.directory.',
  'colleagues.allowPlainHttp':
    'Erlaubt http:// zu einem anderen Rechner für colleagues.directoryUrl. Jeder auf dem Weg könnte dann die Liste ändern und damit, wohin Agenten Anrufer weiterleiten. Nur für ein Netz, das die IT von Ende zu Ende kontrolliert; bei jedem Start wird eine Warnung protokolliert.',
  'colleagues.subscribeMax':
    'Wie viele Kollegen gleichzeitig beobachtet werden (Präsenz und Gesprächsstatus, je ein SUBSCRIBE): zuerst die auf dem Bildschirm des Agenten, dann in der Reihenfolge des Verzeichnisses.',
  'signIn.mode':
    '"off": der Arbeitsplatz hat eine SIP-Identität (sip.uri, sip.password) und öffnet sofort, wie ein persönlicher Arbeitsplatz. "agent": ein geteilter Arbeitsplatz; zu Schichtbeginn meldet sich der Agent mit Agenten-ID und Passwort an, die Leitung registriert sich mit seiner eigenen Identität (uriTemplate), und Anrufe, Rückrufe, Entwürfe und Kunden-Cache jedes Agenten liegen in einem eigenen Ordner.',
  'signIn.uriTemplate': 'Bei "agent": die SIP-Adresse des Agenten, {agentId} steht für die ID, mit der er sich anmeldet, z. B. sip:{agentId}@example.org.',
  'signIn.authorizationUserTemplate':
    'Bei "agent": der Benutzername für die Digest-Authentifizierung, wenn er vom Benutzerteil der SIP-Adresse abweicht, z. B. {agentId}-ws. Nicht gesetzt: der Benutzerteil der SIP-Adresse.',
  'signIn.staySignedIn':
    'Ob die Anmeldung „Angemeldet bleiben“ anbietet: Dann meldet ein Absturz oder Neustart während der Schicht den Agenten ohne Nachfrage wieder an (das Passwort vom Betriebssystem verschlüsselt aufbewahrt). Ausgeschaltet: jeder Start fragt.',
};
