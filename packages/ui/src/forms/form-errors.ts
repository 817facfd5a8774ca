import type { z } from 'zod';
import { apiFieldErrors, type LocalizedMessage } from '../api/api-error.js';
import type { MessageParams } from '../i18n/i18n.js';
import { uiMessages, type UiKey } from '../i18n/ui-messages.js';

export type FieldErrors = Record<string, LocalizedMessage>;

export type FormValidation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

function isUiKey(value: unknown): value is UiKey {
  return typeof value === 'string' && Object.hasOwn(uiMessages.en, value);
}

/**
 * The reader's-language reason for one zod issue. The shared contracts carry
 * English messages for the API's answers; the form shows its own text, chosen by
 * the kind of problem, so the same schema serves both.
 */
export function issueMessage(issue: z.core.$ZodIssue, value: unknown): LocalizedMessage {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return { key: 'field.required' };
  switch (issue.code) {
    case 'custom':
      // A form's own rule (the two passwords match) names its text in params.
      return isUiKey(issue.params?.uiKey) ? { key: issue.params.uiKey } : { key: 'field.invalid' };
    case 'invalid_format':
      return issue.format === 'email' ? { key: 'field.email' } : { key: 'field.invalid' };
    case 'too_big':
      return { key: 'field.tooLong', params: { max: Number(issue.maximum) } };
    case 'too_small':
      return { key: 'field.tooShort', params: { min: Number(issue.minimum) } };
    default:
      return { key: 'field.invalid' };
  }
}

/** Validates a form's values with a shared contract schema; the first problem per top-level field. */
export function validateForm<T>(schema: z.ZodType<T>, values: Readonly<Record<string, unknown>>): FormValidation<T> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (!(field in errors)) errors[field] = issueMessage(issue, values[field]);
  }
  return { ok: false, errors };
}

/** A reason shown beside a field: our own text, or the API's words from a 400's `details`. */
export type FieldMessage = LocalizedMessage | { text: string };

/** The API's per-field reasons, first one per field, ready to show beside the fields. */
export function apiFieldMessages(error: unknown): Record<string, FieldMessage> {
  return Object.fromEntries(Object.entries(apiFieldErrors(error)).map(([field, text]) => [field, { text }]));
}

export function fieldMessageText(message: FieldMessage, t: (key: UiKey, params?: MessageParams) => string): string {
  return 'text' in message ? message.text : t(message.key, message.params);
}
