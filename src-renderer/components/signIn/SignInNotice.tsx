import { useAnlauf } from '../../store/react';
import { useWordSaid } from '../../i18n/said';

/** Main's word on the sign-in that is no refusal: "after a restart you will have to sign in again". */
export function SignInNotice() {
  const wordSaid = useWordSaid();
  const view = useAnlauf((s) => s.signIn.view);
  if (!view || view.mode !== 'agent' || view.status !== 'signedIn' || !view.notice) return null;
  return (
    <div className="notice notice--info" role="status" data-testid="sign-in-notice">
      <span className="notice__message">{wordSaid({ message: '', said: view.notice })}</span>
    </div>
  );
}
