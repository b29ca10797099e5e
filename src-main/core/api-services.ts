import type { IAgentState } from './agent/agent-service';
import type { IShiftCheck } from './agent/shift-check';
import type { ICustomerDesk } from './customers/customer-desk';
import type { IDialing } from './calls/dialing';
import type { Clock } from './clock';
import type { ISupportReports } from './diagnostics/support-reports';
import type { IHeadsetList } from './headset/headset-service';
import type { IAudioDevices } from './media/audio-devices';
import type { IDialLinks } from './phone/dial-links';
import type { IPhoneControl } from './phone/phone-service';
import type { ISipLineRefresh } from './phone/sip/sip-line';
import type { IScriptCatalog } from './scripts/library';
import type { IScriptLoads } from './scripts/script-loads';
import type { ISettings } from './settings/settings-service';
import type { ISnapshots } from './snapshots';
import type { ICallLogQueries } from './store/call-log';
import type { IOutboxQuarantine } from './store/outbox';
import type { ISyncNow } from './sync/sync-worker';
import type { IScenarioControl } from './training/scenario-runner';
import type { ITrainingCalls } from './training/training-calls';
import type { IOutboundWork } from './outbound/outbound-work';
import type { IScriptWalks } from './scripts/script-sessions';
import type { IWrapUp } from './wrapup/wrap-up-service';
import type { ISignIn } from './desk/sign-in';
import type { IQueues } from './queues/queue-service';
import type { IColleagues } from './colleagues/colleague-directory';
import type { IFormSessions } from './forms/form-sessions';
import type { ITopics } from './topics/topic-service';

/**
 * What the Dispatcher may call, service by service, each by the interface declared next to its
 * service (VS Code's one interface per service, without a container): a handler names the service
 * it uses, never a field of the Workstation, and a new command touches its service and the
 * Dispatcher only.
 */
export interface ApiServices {
  clock: Clock;
  phone: IPhoneControl;
  dialing: IDialing;
  agent: IAgentState;
  scripts: IScriptWalks;
  library: IScriptCatalog;
  scriptLoads: IScriptLoads;
  wrapUp: IWrapUp;
  outbound: IOutboundWork;
  scenario: IScenarioControl;
  callLog: ICallLogQueries;
  links: IDialLinks;
  /** The SIP line, when an account is configured. */
  line: ISipLineRefresh | null;
  sync: ISyncNow;
  outbox: IOutboxQuarantine;
  settings: ISettings;
  audio: IAudioDevices;
  headsets: IHeadsetList | null;
  shiftCheck: IShiftCheck;
  diagnostics: ISupportReports;
  state: ISnapshots;
  customers: ICustomerDesk;
  training: ITrainingCalls;
  /** Signing in and out on a shared desk (core/desk/); a personal desk refuses both. */
  signIn: ISignIn;
  /** The agent's queues: log in and out. */
  queues: IQueues;
  /** Colleagues with their live state: which are on the agent's screen. */
  colleagues: IColleagues;
  /** The client forms of the calls (core/forms/). */
  forms: IFormSessions;
  /** Current topics: the agent opens one on a call. */
  topics: ITopics;
}
