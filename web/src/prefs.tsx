import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage, type Lang } from './api';
import { FONT_STORAGE_KEY, LANG_STORAGE_KEY, hasLanguage, initialLang, loadLanguage, translate, type MessageKey, type Vars } from './i18n';

export type Prefs = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  largeFont: boolean;
  setLargeFont: (on: boolean) => void;
  t: (key: MessageKey, vars?: Vars) => string;
};

const PrefsContext = createContext<Prefs | null>(null);

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage may be unavailable; the choice then lasts for this page only
  }
}

function initialLargeFont(): boolean {
  try {
    return localStorage.getItem(FONT_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  // A language other than Chinese is fetched on first use; until it arrives the pages wait rather than flash Chinese.
  const [loaded, setLoaded] = useState<boolean>(() => hasLanguage(lang));
  const [largeFont, setLargeFontState] = useState<boolean>(initialLargeFont);

  useEffect(() => {
    if (loaded) return;
    // A dictionary that cannot be fetched (offline) leaves the pages in Chinese, the language that is always present.
    loadLanguage(lang).then(
      () => setLoaded(true),
      () => setLoaded(true),
    );
  }, [lang, loaded]);

  const setLang = useCallback((l: Lang) => {
    store(LANG_STORAGE_KEY, l);
    const apply = () => {
      setApiLanguage(l);
      setLangState(l);
    };
    if (hasLanguage(l)) apply();
    else loadLanguage(l).then(apply, () => undefined);
  }, []);
  const setLargeFont = useCallback((on: boolean) => {
    store(FONT_STORAGE_KEY, on ? '1' : '0');
    setLargeFontState(on);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.name') + (lang === 'en' ? ' · Mass organizations of Chengdu' : ' · 成都市群团组织一体化服务平台');
  }, [lang]);
  useEffect(() => {
    document.documentElement.classList.toggle('qh-large-font', largeFont);
  }, [largeFont]);

  const t = useCallback((key: MessageKey, vars?: Vars) => translate(lang, key, vars), [lang]);
  const value = useMemo(() => ({ lang, setLang, largeFont, setLargeFont, t }), [lang, setLang, largeFont, setLargeFont, t]);
  return <PrefsContext.Provider value={value}>{loaded ? children : null}</PrefsContext.Provider>;
}

export function usePrefs(): Prefs {
  const p = useContext(PrefsContext);
  if (!p) throw new Error('usePrefs outside PrefsProvider');
  return p;
}

/** The translator of the current language. */
export function useT(): Prefs['t'] {
  return usePrefs().t;
}
