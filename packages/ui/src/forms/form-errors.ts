import type { z } from 'zod';
import type { LocalizedMessage } from '../api/api-error.js';
import { uiMessages, type UiKey } from '../i18n/ui-messages.js';

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
