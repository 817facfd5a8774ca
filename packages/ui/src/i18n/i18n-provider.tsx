import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LANGUAGE_STORAGE_KEY, detectLanguage, translate, type Dictionary, type Lang, type Translate } from './i18n.js';
import type { UiKey } from './ui-messages.js';

export interface I18n<K extends string> {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate<K>;
}

const I18nContext = createContext<I18n<string> | null>(null);

// Storage can be unavailable (blocked cookies, private modes); the choice then lasts for the page only.
function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeLanguage(lang: Lang): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Not remembered; nothing else depends on it.
  }
}

export interface I18nProviderProps {
  /** The app's dictionaries, which must include the shared UI texts (`uiMessages`). */
  dictionaries: Readonly<Record<Lang, Dictionary>>;
  children: ReactNode;
}

export function I18nProvider({ dictionaries, children }: I18nProviderProps) {
  const [lang, setLangState] = useState<Lang>(() => detectLanguage(readStoredLanguage(), window.navigator.languages));

  useEffect(() => {
    // Screen readers and the browser's own features (hyphenation, spelling) read it.
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    storeLanguage(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n<string>>(() => {
    const dictionary = dictionaries[lang];
    return { lang, setLang, t: (key, params) => translate(dictionary, key, params) };
  }, [dictionaries, lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * The current language and translator. `K` narrows the keys a component may ask
 * for; the provider's dictionaries are checked to hold them by each app's types.
 */
export function useI18n<K extends string = UiKey>(): I18n<K> {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() needs an <I18nProvider> above it');
  return value;
}
