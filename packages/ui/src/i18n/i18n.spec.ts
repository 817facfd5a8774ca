import { describe, expect, it } from 'vitest';
import { detectLanguage, dictionaryProblems, formatDateTime, translate } from './i18n.js';
import { uiMessages } from './ui-messages.js';

describe('detectLanguage', () => {
  it('prefers a stored choice', () => {
    expect(detectLanguage('es', ['en-US'])).toBe('es');
    expect(detectLanguage('en', ['es-ES'])).toBe('en');
  });

  it('ignores a stored value that is not a language we speak', () => {
    expect(detectLanguage('fr', ['es-MX'])).toBe('es');
  });

  it('takes the first browser language we speak, by primary subtag', () => {
    expect(detectLanguage(null, ['fr-FR', 'es-419', 'en'])).toBe('es');
    expect(detectLanguage(null, ['EN-gb'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(detectLanguage(undefined, [])).toBe('en');
    expect(detectLanguage(null, ['de', 'ja'])).toBe('en');
  });
});

describe('translate', () => {
  const dict = { hello: 'Hola, {name}', count: '{n} de {total}' };

  it('fills placeholders', () => {
    expect(translate(dict, 'hello', { name: 'Ada' })).toBe('Hola, Ada');
    expect(translate(dict, 'count', { n: 1, total: 4 })).toBe('1 de 4');
  });

  it('leaves a placeholder without a value visible', () => {
    expect(translate(dict, 'hello')).toBe('Hola, {name}');
    expect(translate(dict, 'hello', {})).toBe('Hola, {name}');
  });

  it('shows the key of a missing text', () => {
    expect(translate(dict, 'nope')).toBe('nope');
  });
});

describe('dictionaryProblems', () => {
  it('finds missing, empty and mismatched texts', () => {
    expect(
      dictionaryProblems({
        en: { a: 'A', b: 'B {x}', c: 'C' },
        es: { a: ' ', b: 'B' },
      }),
    ).toEqual(['es: empty "a"', 'placeholders differ for "b"', 'es: missing "c"']);
  });

  it('passes the shared UI dictionaries', () => {
    expect(dictionaryProblems(uiMessages)).toEqual([]);
  });
});

describe('formatDateTime', () => {
  it('writes a date the way each language does', () => {
    const iso = '2026-11-23T05:32:59.348Z';
    expect(formatDateTime('en', iso)).toMatch(/Nov/);
    expect(formatDateTime('es', iso)).toMatch(/nov/);
  });

  it('shows a value it cannot read as it is', () => {
    expect(formatDateTime('en', 'not a date')).toBe('not a date');
  });
});
