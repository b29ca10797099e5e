import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import type { AnlaufApi } from '../src-main/contract';
import { readBridge } from './bridge';
import { NoBridge } from './components/NoBridge';
import { Workstation } from './components/Workstation';
import { createI18n, platformLocales, resolveLanguage } from './i18n';
import { createAnlaufStore } from './store';
import { StoreProvider, useAnlauf } from './store/react';
import { selectLanguageSetting } from './store/selectors/app';

export type AppProps = {
  /** The host's API; defaults to `window.anlauf` as set up by the preload or the browser bridge. */
  api?: AnlaufApi | null;
};

export function App({ api = readBridge() }: AppProps) {
  const [i18n] = useState(() => createI18n(resolveLanguage('auto', platformLocales())));
  if (!api) {
    return (
      <Translated i18n={i18n}>
        <NoBridge />
      </Translated>
    );
  }
  return <ConnectedApp api={api} i18n={i18n} />;
}

function ConnectedApp({ api, i18n }: { api: AnlaufApi; i18n: i18n }) {
  const [store] = useState(() => createAnlaufStore(api));
  useEffect(() => store.getState().start(), [store]);
  return (
    <StoreProvider store={store}>
      <Translated i18n={i18n}>
        <LanguageFromSettings i18n={i18n} />
        <Workstation />
      </Translated>
    </StoreProvider>
  );
}

function Translated({ i18n, children }: { i18n: i18n; children: ReactNode }) {
  useEffect(() => {
    const apply = (language: string) => {
      document.documentElement.lang = language;
    };
    apply(i18n.language);
    i18n.on('languageChanged', apply);
    return () => i18n.off('languageChanged', apply);
  }, [i18n]);
  return <I18nextProvider i18n={i18n}>{children}</I18nextProvider>;
}

/** Follows the language in main's effective settings; `auto` follows the platform's locale. */
function LanguageFromSettings({ i18n }: { i18n: i18n }) {
  const setting = useAnlauf(selectLanguageSetting);
  const language = resolveLanguage(setting, platformLocales());
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [i18n, language]);
  return null;
}
