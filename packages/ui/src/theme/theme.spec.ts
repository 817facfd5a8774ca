import { describe, expect, it } from 'vitest';
import { THEME_STORAGE_KEY, readStoredTheme, resolveTheme, storeTheme } from './theme.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

describe('theme', () => {
  it('follows the system unless a theme was chosen', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('remembers a choice and forgets it when the system is chosen again', () => {
    const storage = memoryStorage();
    expect(readStoredTheme(storage)).toBe('system');
    storeTheme(storage, 'dark');
    expect(storage.data.get(THEME_STORAGE_KEY)).toBe('dark');
    expect(readStoredTheme(storage)).toBe('dark');
    storeTheme(storage, 'system');
    expect(storage.data.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it('ignores a stored value it does not know, and storage that throws', () => {
    expect(readStoredTheme(memoryStorage({ [THEME_STORAGE_KEY]: 'sepia' }))).toBe('system');
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
    };
    expect(readStoredTheme(throwing)).toBe('system');
  });
});
