import { said, settingsView, type Settings, type SignInView, type Snapshot } from '../../contract';

/**
 * The snapshot of a shared desk nobody is signed in at: IT's settings (the page's language), the
 * sign-in form's state, and nothing of any agent — no calls, callbacks, call lists, scripts or
 * customers. The line is the training line at rest: no SIP identity is registered.
 */
export function signedOutSnapshot(
  revision: number,
  desk: {
    app: Snapshot['app'];
    settings: Settings;
    signIn: SignInView;
    now: number;
    policy: Snapshot['policy'];
    secrets: Snapshot['secrets'];
    /** The desk's updates: they go on while nobody is signed in. */
    updates: Snapshot['updates'];
  },
): Snapshot {
  return {
    revision,
    app: desk.app,
    line: { kind: 'sip', status: 'ready', detail: null, since: desk.now },
    agent: { state: 'offline', since: desk.now, chosen: 'offline', reason: null, declining: false },
    scripts: {},
    wrapUps: [],
    callbacks: [],
    callLists: [],
    preview: null,
    loadedScripts: [],
    forms: {},
    calls: [],
    training: { scenarioName: '', scenarioCalls: 0, running: false, placed: 0 },
    settings: settingsView(desk.settings),
    audio: { devices: [], canChooseSpeaker: false },
    // Each agent's outbox is their own: signed out, nothing is delivered, and nothing is claimed.
    sync: {
      state: 'disabled',
      pending: 0,
      oldestAt: null,
      quarantined: 0,
      error: null,
      failingSince: null,
      lastSuccessAt: null,
      url: desk.settings.sync.url,
      lastAttempt: null,
      headline: desk.settings.sync.url ? said('syncStatus.notTried', { url: desk.settings.sync.url }) : said('syncStatus.noBackend', { pending: 0 }),
    },
    headsets: [],
    contexts: {},
    customerImport: null,
    // No customers are shown signed out; the signed-in agent's workstation says how the directory is.
    customerDirectory: { folder: '', access: 'readwrite', notice: null },
    clients: [],
    storage: { setAside: null },
    settingsFile: { notices: [] },
    policy: desk.policy,
    secrets: desk.secrets,
    link: null,
    queues: [],
    shiftCheck: { mode: 'off', due: false, run: null, last: null },
    // Nobody's figures: they belong to the agent who signs in.
    figures: {
      asOf: desk.now,
      dayStart: desk.now,
      calls: 0,
      averageTalkSeconds: null,
      averageWrapUpSeconds: null,
      stateSeconds: { ready: 0, notReady: 0, onCall: 0, wrapUp: 0 },
    },
    updates: desk.updates,
    signIn: desk.signIn,
    // Colleagues are watched for a signed-in agent: nobody's state is asked for at an empty desk.
    colleagues: { revision: 0, count: 0, source: null, published: null },
  };
}
