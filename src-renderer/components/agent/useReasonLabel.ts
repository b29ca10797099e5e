import { useTranslation } from 'react-i18next';

/** The built-in not-ready reasons are said in the agent's language; others with their configured label. */
const BUILT_IN = ['break', 'lunch', 'training', 'meeting', 'technical', 'restarted'] as const;
type BuiltIn = (typeof BUILT_IN)[number];
const isBuiltIn = (code: string): code is BuiltIn => (BUILT_IN as readonly string[]).includes(code);

export function useReasonLabel(): (reason: { code: string; label: string }) => string {
  const { t } = useTranslation();
  return (reason) => (isBuiltIn(reason.code) ? t(`agent.reason.${reason.code}`) : reason.label);
}
