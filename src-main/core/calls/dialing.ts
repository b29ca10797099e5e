import type { Settings } from '../../contract';
import { AnlaufError } from '../errors';
import type { Logger } from '../log';
import { blockedPrefixOf } from '../phone/dial-policy';
import { normalizeDialTarget, type DialTarget } from '../phone/dial-target';
import type { OutboundPreset } from './call-context-service';

/** What the Dispatcher and the outbound work may ask of dialing. */
export interface IDialing {
  dial(input: string): Promise<string>;
  dialFor(number: string, preset: OutboundPreset): Promise<string>;
  dialTarget(input: string): DialTarget;
}

export interface DialingDeps {
  settings: () => Settings;
  logger: Logger;
  phone: { dial(target: string): Promise<string> };
  contexts: { expectOutbound(preset: OutboundPreset | null): void };
  wrapUp: { readonly waiting: boolean };
}

/** Every outbound call and transfer target: normalised, checked against IT's block list, never past an open wrap-up. */
export class Dialing implements IDialing {
  constructor(private readonly deps: DialingDeps) {}

  /**
   * Normalises what the agent dials for the agent's line (numbers to E.164, names to SIP URIs).
   * Every dial passes here — typed, from a link, a callback, a call list, a transfer — so IT's
   * block list is applied here, to what the line would actually dial.
   */
  dialTarget(input: string): DialTarget {
    const sip = this.deps.settings().sip;
    const target = normalizeDialTarget(input, sip.defaultCountry, this.ownDomain());
    const blocked = blockedPrefixOf(target.target, sip.blockedPrefixes, sip.defaultCountry);
    if (blocked !== null) {
      this.deps.logger.log('warn', 'a dial was refused: the number is on the block list', { target: target.target, prefix: blocked });
      throw new AnlaufError('dial.blocked', { number: target.display, prefix: blocked }, 'invalid');
    }
    return target;
  }

  /** The domain of the agent's SIP address, or null without a SIP account. */
  private ownDomain(): string | null {
    const uri = this.deps.settings().sip.uri;
    return uri ? (uri.split('@')[1] ?? null) : null;
  }

  /** An outbound call on the agent's line; not while an ended call waits for its disposition. */
  async dial(input: string): Promise<string> {
    this.requireNoWrapUp();
    return this.deps.phone.dial(this.dialTarget(input).target);
  }

  /** An outbound call placed for a callback or a call-list record, with its company, campaign and customer. */
  async dialFor(number: string, preset: OutboundPreset): Promise<string> {
    this.requireNoWrapUp();
    const target = this.dialTarget(number).target;
    this.deps.contexts.expectOutbound(preset);
    try {
      return await this.deps.phone.dial(target);
    } finally {
      this.deps.contexts.expectOutbound(null);
    }
  }

  private requireNoWrapUp(): void {
    if (this.deps.wrapUp.waiting) throw new AnlaufError('wrapUp.dispositionFirst', {}, 'conflict');
  }
}
