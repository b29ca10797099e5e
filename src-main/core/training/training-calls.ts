import type { Snapshot } from '../../contract';
import { AnlaufError } from '../errors';
import type { TrainingCallSpec } from './training-line';

export type TrainingCallRequest = Partial<Pick<TrainingCallSpec, 'remoteNumber' | 'remoteName' | 'dialedNumber' | 'ivr'>> & {
  rehearse?: { client: string | null; campaign: string } | undefined;
};

/** What the Dispatcher may ask of the training calls. */
export interface ITrainingCalls {
  placeTrainingCall(overrides: TrainingCallRequest): string;
}

/** The other services' parts a training call needs, as functions: agent, calls and phone are above training/. */
export interface TrainingCallsDeps {
  agent: () => Pick<Snapshot['agent'], 'declining' | 'state'>;
  /** The scenario's next call as a line spec (its ring time defaulted from the settings). */
  nextCall: () => TrainingCallSpec;
  /** Places the call on the training line; returns the line's id for it. */
  place: (spec: TrainingCallSpec) => string;
  /** Whom the next inbound call is for (a rehearsal's campaign); null clears it. */
  expectInbound: (preset: { clientId: string | null; campaignId: string; customer: null } | null) => void;
  /** The phone service's call id for the training line's call. */
  callIdFor: (lineCallId: string) => string | null | undefined;
}

/** Simulated calls the trainer places by hand, on the training line. */
export class TrainingCalls implements ITrainingCalls {
  constructor(private readonly deps: TrainingCallsDeps) {}

  /** A simulated call on the training line; fields not given come from the scenario, in turn. */
  placeTrainingCall(overrides: TrainingCallRequest): string {
    const { rehearse, ...fields } = overrides;
    const agent = this.deps.agent();
    if (agent.declining) {
      const state = agent.state;
      throw new AnlaufError(
        state === 'wrapUp' ? 'training.decliningWrapUp' : state === 'offline' ? 'training.decliningOffline' : 'training.decliningNotReady',
        {},
        'conflict',
      );
    }
    const base = this.deps.nextCall();
    const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    // A rehearsal is for the script's campaign: the scenario's IVR codes would name another company.
    if (rehearse && fields.ivr === undefined) given.ivr = {};
    if (rehearse) this.deps.expectInbound({ clientId: rehearse.client, campaignId: rehearse.campaign, customer: null });
    let lineCallId: string;
    try {
      lineCallId = this.deps.place({ ...base, ...given });
    } finally {
      this.deps.expectInbound(null);
    }
    const callId = this.deps.callIdFor(lineCallId);
    if (!callId) throw new Error('the placed training call did not reach the phone service');
    return callId;
  }
}
