import type { CallView } from '../../contract';
import { errorForLog, type Logger } from '../log';

type Classification = { client: string | null; campaign: string | null };

/**
 * The phone's classifier: the call contexts' answer, or, when they fail, what the IVR said. A call
 * is never refused because its company could not be determined; the failure is logged.
 */
export function classifyOrIvr(
  classify: (call: Pick<CallView, 'direction' | 'dialedNumber' | 'ivr'>) => Classification,
  logger: Logger,
): (call: Pick<CallView, 'direction' | 'dialedNumber' | 'ivr'>) => Classification {
  return (call) => {
    try {
      return classify(call);
    } catch (error) {
      logger.log('error', "the call's company could not be determined", { error: errorForLog(error) });
      return { client: call.ivr.client ?? null, campaign: call.ivr.campaign ?? null };
    }
  };
}
