import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { setApiLanguage, type Lang } from './api';
import {
  CONTRAST_STORAGE_KEY,
  ELDER_STORAGE_KEY,
  FONT_STORAGE_KEY,
  LANG_STORAGE_KEY,
  hasLanguage,
  initialLang,
  loadLanguage,
  translate,
  type MessageKey,
  type Vars,
} from './i18n';
import type { UiPrefs } from './types';

export type Prefs = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  largeFont: boolean;
  setLargeFont: (on: boolean) => void;
  /** Elder mode (适老化): text ≥ 18 px, line height ≥ 1.5, large targets, no timed content, plain labels. */
  elder: boolean;
  setElder: (on: boolean) => void;
  /** The platform's own high-contrast theme (≥ 7:1). */
  contrast: boolean;
  setContrast: (on: boolean) => void;
  /** The system asks for reduced motion (prefers-reduced-motion): dialogs, drop-downs and messages appear without animation. */
  reducedMotion: boolean;
  /** Sets one display preference here, in this browser and, when signed in, on the account. */
  setPref: (key: UiPrefKey, on: boolean) => void;
  /** Takes the preferences saved on a signed-in account, without saving them back. */
  applyUiPrefs: (p: UiPrefs) => void;
  t: (key: MessageKey, vars?: Vars) => string;
};

export type UiPrefKey = keyof UiPrefs;

/** Where this browser keeps each display preference. */
const PREF_STORAGE: Record<UiPrefKey, string> = { largeFont: FONT_STORAGE_KEY, elder: ELDER_STORAGE_KEY, contrast: CONTRAST_STORAGE_KEY };
const PREF_KEYS = Object.keys(PREF_STORAGE) as UiPrefKey[];

const PrefsContext = createContext<Prefs | null>(null);

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage may be unavailable; the choice then lasts for this page only
  }
}

function stored(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/** Follows the system's reduced-motion setting as it changes. */
function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia?.(REDUCED_MOTION);
      query?.addEventListener('change', changed);
      return () => query?.removeEventListener('change', changed);
    },
    () => window.matchMedia?.(REDUCED_MOTION).matches ?? false,
  );
}

let saver: ((p: UiPrefs) => void) | null = null;

/** The signed-in session registers how a changed preference reaches the account (null when signed out). */
export function setUiPrefsSaver(fn: ((p: UiPrefs) => void) | null): void {
  saver = fn;
}

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  // A language other than Chinese is fetched on first use; until it arrives the pages wait rather than flash Chinese.
  const [loaded, setLoaded] = useState<boolean>(() => hasLanguage(lang));
  const [ui, setUi] = useState<Required<UiPrefs>>(() => ({
    largeFont: stored(PREF_STORAGE.largeFont),
    elder: stored(PREF_STORAGE.elder),
    contrast: stored(PREF_STORAGE.contrast),
  }));
  const { largeFont, elder, contrast } = ui;
  const reducedMotion = useReducedMotion();

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
  const applyUiPrefs = useCallback((p: UiPrefs) => {
    for (const key of PREF_KEYS) {
      const on = p[key];
      if (on === undefined) continue;
      store(PREF_STORAGE[key], on ? '1' : '0');
      setUi((u) => ({ ...u, [key]: on }));
    }
  }, []);
  const setPref = useCallback(
    (key: UiPrefKey, on: boolean) => {
      applyUiPrefs({ [key]: on });
      saver?.({ [key]: on });
    },
    [applyUiPrefs],
  );
  const setLargeFont = useCallback((on: boolean) => setPref('largeFont', on), [setPref]);
  const setElder = useCallback((on: boolean) => setPref('elder', on), [setPref]);
  const setContrast = useCallback((on: boolean) => setPref('contrast', on), [setPref]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.name') + (lang === 'en' ? ' · Mass organizations of Chengdu' : ' · 成都市群团组织一体化服务平台');
  }, [lang]);
  useEffect(() => {
    const html = document.documentElement.classList;
    // Elder mode includes large text; the large-font class carries the 18 px base for both.
    html.toggle('qh-large-font', largeFont || elder);
    html.toggle('qh-elder', elder);
    html.toggle('qh-contrast', contrast);
  }, [largeFont, elder, contrast]);

  const t = useCallback((key: MessageKey, vars?: Vars) => translate(lang, key, vars), [lang]);
  const value = useMemo(
    () => ({ lang, setLang, largeFont, setLargeFont, elder, setElder, contrast, setContrast, reducedMotion, setPref, applyUiPrefs, t }),
    [lang, setLang, largeFont, setLargeFont, elder, setElder, contrast, setContrast, reducedMotion, setPref, applyUiPrefs, t],
  );
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
