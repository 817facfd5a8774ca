/**
 * A tiny dictionary-based i18n: each language is a flat map from key to text,
 * `{name}` placeholders are filled from params. No library: two languages and a
 * few hundred strings do not need one.
 */
export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type MessageParams = Readonly<Record<string, string | number>>;
export type Dictionary = Readonly<Record<string, string>>;
export type Translate<K extends string> = (key: K, params?: MessageParams) => string;

/** Where the language choice (and only that) is remembered between visits. */
export const LANGUAGE_STORAGE_KEY = 'prixagent.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** A stored choice wins; otherwise the first browser language we speak; otherwise English. */
export function detectLanguage(stored: string | null | undefined, browserLanguages: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return 'en';
}

const PLACEHOLDER = /\{(\w+)\}/g;

export function translate(dictionary: Dictionary, key: string, params?: MessageParams): string {
  // A missing key shows itself rather than an empty string, so it is noticed.
  const text = dictionary[key] ?? key;
  if (!params) return text;
  return text.replace(PLACEHOLDER, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
}

/**
 * Everything wrong with a set of dictionaries: a key missing or empty in one
 * language, or a text whose placeholders differ from the other language's
 * (a translation that drops `{seconds}` would silently lose information).
 */
export function dictionaryProblems(dictionaries: Readonly<Record<Lang, Dictionary>>): string[] {
  const problems: string[] = [];
  const keys = new Set(LANGS.flatMap((lang) => Object.keys(dictionaries[lang])));
  for (const key of [...keys].sort()) {
    const texts = LANGS.map((lang) => [lang, dictionaries[lang][key]] as const);
    for (const [lang, text] of texts) {
      if (text === undefined) problems.push(`${lang}: missing "${key}"`);
      else if (text.trim() === '') problems.push(`${lang}: empty "${key}"`);
    }
    const shapes = new Set(texts.filter(([, text]) => text !== undefined).map(([, text]) => placeholdersOf(text ?? '').join(',')));
    if (shapes.size > 1) problems.push(`placeholders differ for "${key}"`);
  }
  return problems;
}

/** A timestamp from the API (ISO 8601) as the reader's language writes it. */
export function formatDateTime(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
