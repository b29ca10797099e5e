import type { AgentService } from './agent/agent-service';
import type { ShiftCheck } from './agent/shift-check';
import type { ICustomerDesk } from './calls/customer-desk';
import type { IDialing } from './calls/dialing';
import type { Clock } from './clock';
import type { SupportReports } from './diagnostics/support-reports';
import type { HeadsetService } from './headset/headset-service';
import type { AudioDevices } from './media/audio-devices';
import type { DialLinks } from './phone/dial-links';
import type { PhoneService } from './phone/phone-service';
import type { SipLine } from './phone/sip/sip-line';
import type { ScriptLibrary } from './scripts/library';
import type { IScriptLoads } from './scripts/script-loads';
import type { SettingsService } from './settings/settings-service';
import type { CallLogRepository } from './store/call-log';
import type { OutboxRepository } from './store/outbox';
import type { SyncWorker } from './sync/sync-worker';
import type { ScenarioRunner } from './training/scenario-runner';
import type { ITrainingCalls } from './training/training-calls';
import type { Workstation } from './workstation';
import type { OutboundWork } from './outbound/outbound-work';
import type { ScriptSessions } from './scripts/script-sessions';
import type { WrapUpService } from './wrapup/wrap-up-service';

/**
 * What the Dispatcher may call, service by service, each narrowed to the commands' needs (VS Code's
 * one interface per service, without a container): a handler names the service it uses, never a
 * field of the Workstation, and a new command touches its service and the Dispatcher only.
 */
export interface ApiServices {
  clock: Clock;
  phone: Pick<
    PhoneService,
    'answer' | 'hangup' | 'reject' | 'hold' | 'resume' | 'setMuted' | 'sendDtmf' | 'transfer' | 'consult' | 'completeTransfer' | 'swap' | 'hasCall'
  >;
  dialing: IDialing;
  agent: Pick<AgentService, 'setState'>;
  scripts: Pick<ScriptSessions, 'next' | 'back' | 'preview' | 'release'>;
  library: Pick<ScriptLibrary, 'list'>;
  wrapUp: Pick<WrapUpService, 'recordDisposition' | 'saveNote' | 'waiting'>;
  outbound: Pick<OutboundWork, 'dialCallback' | 'cancelCallback' | 'importCallList' | 'startPreview' | 'dialPreview' | 'skipPreview' | 'stopPreview'>;
  scenario: Pick<ScenarioRunner, 'start' | 'stop'>;
  callLog: Pick<CallLogRepository, 'list' | 'count' | 'search' | 'get' | 'clients' | 'searchAll'>;
  links: Pick<DialLinks, 'done'>;
  /** The SIP line, when an account is configured. */
  line: Pick<SipLine, 'refresh'> | null;
  sync: Pick<SyncWorker, 'syncNow'>;
  outbox: Pick<OutboxRepository, 'quarantined'>;
  settings: Pick<SettingsService, 'get' | 'update'>;
  audio: Pick<AudioDevices, 'refresh'>;
  headsets: Pick<HeadsetService, 'view'> | null;
  shiftCheck: Pick<ShiftCheck, 'start' | 'answer' | 'close'>;
  diagnostics: Pick<SupportReports, 'reportProblem' | 'supportBundle'>;
  // Use cases the Workstation still carries; each moves to its own service behind the same names.
  state: Pick<Workstation, 'snapshot'>;
  customers: ICustomerDesk;
  scriptLoads: IScriptLoads;
  training: ITrainingCalls;
}
