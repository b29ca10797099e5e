import { errorForLog, type Logger } from '../log';
import type { CallClassification, CallToClassify } from '../phone/phone-service';

/**
 * The phone's classifier: the call contexts' answer, or, when they fail, what the IVR said. A call
 * is never refused because its company could not be determined; the failure is logged.
 */
export function classifyOrIvr(classify: (call: CallToClassify) => CallClassification, logger: Logger): (call: CallToClassify) => CallClassification {
  return (call) => {
    try {
      return classify(call);
    } catch (error) {
      logger.log('error', "the call's company could not be determined", { error: errorForLog(error) });
      return { client: call.ivr.client ?? null, campaign: call.ivr.campaign ?? null, queue: null };
    }
  };
}
