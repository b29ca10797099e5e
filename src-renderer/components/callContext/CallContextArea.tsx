import { selectFocusCall, selectFocusContext } from '../../store/selectors/callContext';
import { useAnlauf } from '../../store/react';
import { CallBanner } from './CallBanner';
import { CampaignPanel } from './CampaignPanel';
import { CustomerCard } from './CustomerCard';
import { FormsControl } from '../forms/FormsControl';
import { TopicPanel } from './CallTopics';

/** Everything about the call in focus: for whom, what to say, who is calling, the script. */
export function CallContextArea() {
  const call = useAnlauf(selectFocusCall);
  const context = useAnlauf(selectFocusContext);
  const guided = useAnlauf((s) => (call ? s.script.sessions[call.id] !== undefined : false));
  if (!call) return null;
  return (
    <div className="call-context" data-testid="call-context" data-call-id={call.id}>
      <CallBanner call={call} context={context} />
      <div className="call-context__panels">
        {/* Keyed by call: a form half filled in for one caller never carries over to the next. */}
        <CustomerCard key={call.id} call={call} context={context} />
        {context?.campaign && <CampaignPanel campaign={context.campaign} guided={guided} />}
        <FormsControl callId={call.id} />
        <TopicPanel call={call} context={context} />
      </div>
    </div>
  );
}
