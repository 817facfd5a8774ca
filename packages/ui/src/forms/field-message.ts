import type { LocalizedMessage } from '../api/api-error.js';
import type { MessageParams } from '../i18n/i18n.js';
import type { UiKey } from '../i18n/ui-messages.js';

// react-hook-form keeps one string per field error. Our own reasons travel in
// it as a key and its params (translated when shown, so they follow a language
// switch); the API's reasons travel as its plain words.
const PREFIX = 'px-i18n:';

export function encodeFieldMessage(message: LocalizedMessage): string {
  return PREFIX + JSON.stringify(message);
}

function isLocalized(value: unknown): value is LocalizedMessage {
  return typeof value === 'object' && value !== null && 'key' in value && typeof value.key === 'string';
}

/** The text to show for a field error's message, whichever kind it is. */
export function fieldErrorText(message: string | undefined, t: (key: UiKey, params?: MessageParams) => string): string | undefined {
  if (message === undefined || message === '') return undefined;
  if (!message.startsWith(PREFIX)) return message;
  try {
    const parsed: unknown = JSON.parse(message.slice(PREFIX.length));
    if (isLocalized(parsed)) return t(parsed.key, parsed.params);
  } catch {
    // Not ours after all: show it as it is.
  }
  return message;
}
