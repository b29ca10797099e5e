import { AnlaufError } from '../errors';
import type { QueueSettings, QueuesSettings } from '../../contract/settings';
import { featureCodeFor, featureCodeSteps } from './queue-rules';
import type { QueueMemberState, QueuePort } from './queue-port';

/** Dials one feature code: resolves once the PBX answered it, rejects (AnlaufError) when it did not. */
export type FeatureCodeDialer = (code: string) => Promise<void>;

/**
 * Dial-string feature codes (Asterisk, FreePBX): each login, logout, pause and unpause is a short
 * call to the configured code, which the PBX answers and ends. The PBX keeps the membership, so
 * after a restart the workstation knows what it has from its own record.
 */
export class FeatureCodeQueues implements QueuePort {
  readonly keepsStateAcrossRestart = true;

  constructor(
    private readonly settings: () => QueuesSettings,
    private readonly dial: FeatureCodeDialer,
  ) {}

  async apply(queue: QueueSettings, from: QueueMemberState, to: QueueMemberState): Promise<void> {
    for (const step of featureCodeSteps(from, to)) await this.dial(featureCodeFor(this.settings(), queue, step));
  }
}

/** The part of the SIP line a feature code needs: a call it never reports as the agent's (sipLine.quietCall). */
export interface QuietCaller {
  quietCall(target: string): Promise<{ answered: Promise<void>; ended: Promise<unknown>; hangup(): void }>;
}

/**
 * Dials a code as a quiet call: done once the PBX answered; the PBX ends it after its
 * announcement, and the line hangs up itself after `holdMs` if it does not. A code not answered
 * within `answerMs` (or refused: 404, 480, busy) fails with the PBX's answer.
 */
export function quietCallDialer(line: () => QuietCaller | null, answerMs = 10_000, holdMs = 5_000): FeatureCodeDialer {
  return async (code) => {
    const sip = line();
    if (!sip) throw new AnlaufError('queues.noSipLine', {}, 'conflict');
    let call: Awaited<ReturnType<QuietCaller['quietCall']>>;
    try {
      call = await sip.quietCall(code);
    } catch (error) {
      throw new AnlaufError('queues.featureCodeFailed', { code, detail: error instanceof AnlaufError ? error.message : (error as Error).message }, 'failed');
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        call.answered,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`not answered within ${answerMs / 1000} s`)), answerMs);
        }),
      ]);
    } catch (error) {
      call.hangup();
      throw new AnlaufError('queues.featureCodeFailed', { code, detail: (error as Error).message }, 'failed');
    } finally {
      clearTimeout(timer);
    }
    const hold = setTimeout(() => call.hangup(), holdMs);
    void call.ended.finally(() => clearTimeout(hold));
  };
}
