/** What the person chose: follow the system, or always one theme. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

/** Where the choice (and only that) is remembered between visits. */
export const THEME_STORAGE_KEY = 'prixagent.theme';

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (THEME_CHOICES as readonly string[]).includes(value);
}

export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}

// Storage can be unavailable (blocked cookies, private modes): the choice then lasts for the page.
export function readStoredTheme(storage: Pick<Storage, 'getItem'> | undefined): ThemeChoice {
  try {
    const stored = storage?.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

export function storeTheme(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, choice: ThemeChoice): void {
  try {
    if (choice === 'system') storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not remembered; nothing else depends on it.
  }
}

export const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Puts the theme on <html>: the `dark` class the tokens hang on, and color-scheme for the browser's own controls. */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  root.classList.toggle('dark', theme === 'dark');
  root.style.colorScheme = theme;
}

/**
 * Applies the remembered theme before React renders, so a dark-theme reader never
 * sees a light flash. Called by mountApp; a <script> in index.html would do it
 * sooner, but the CSP allows no inline script.
 */
export function applyInitialTheme(): void {
  const choice = readStoredTheme(safeLocalStorage());
  applyTheme(document.documentElement, resolveTheme(choice, window.matchMedia(DARK_QUERY).matches));
}

export function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
