import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DARK_QUERY, applyTheme, readStoredTheme, resolveTheme, safeLocalStorage, storeTheme, type Theme, type ThemeChoice } from './theme.js';

export interface ThemeState {
  choice: ThemeChoice;
  /** What is on screen now. */
  theme: Theme;
  setChoice: (choice: ThemeChoice) => void;
}

const ThemeContext = createContext<ThemeState | null>(null);

function useSystemPrefersDark(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark;
}

/** Light, dark, or the system's; remembered in this browser, and following the system live while "system" is chosen. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(() => readStoredTheme(safeLocalStorage()));
  const systemDark = useSystemPrefersDark();
  const theme = resolveTheme(choice, systemDark);

  useEffect(() => applyTheme(document.documentElement, theme), [theme]);

  const setChoice = useCallback((next: ThemeChoice) => {
    storeTheme(safeLocalStorage(), next);
    setChoiceState(next);
  }, []);

  const value = useMemo(() => ({ choice, theme, setChoice }), [choice, theme, setChoice]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeState {
  const value = useContext(ThemeContext);
  if (!value) throw new Error('useTheme() needs a <ThemeProvider> above it');
  return value;
}
