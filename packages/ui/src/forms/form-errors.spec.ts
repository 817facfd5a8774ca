import { loginRequestSchema } from '@prixagent/contracts';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.js';
import { translate, type MessageParams } from '../i18n/i18n.js';
import { uiMessages, type UiKey } from '../i18n/ui-messages.js';
import { apiFieldMessages, fieldMessageText, validateForm } from './form-errors.js';

describe('validateForm with the shared login contract', () => {
  it('passes good values through the schema (which normalises the email)', () => {
    expect(validateForm(loginRequestSchema, { email: 'Ada@Example.TEST', password: 'x' })).toEqual({
      ok: true,
      data: { email: 'ada@example.test', password: 'x' },
    });
  });

  it('names each empty field as required', () => {
    expect(validateForm(loginRequestSchema, { email: '', password: '' })).toEqual({
      ok: false,
      errors: { email: { key: 'field.required' }, password: { key: 'field.required' } },
    });
  });

  it('recognises a malformed email', () => {
    expect(validateForm(loginRequestSchema, { email: 'not-an-email', password: 'x' })).toEqual({
      ok: false,
      errors: { email: { key: 'field.email' } },
    });
  });

  it('gives the limit for values out of bounds', () => {
    expect(validateForm(loginRequestSchema, { email: 'a@b.test', password: 'x'.repeat(300) })).toEqual({
      ok: false,
      errors: { password: { key: 'field.tooLong', params: { max: 256 } } },
    });
    expect(validateForm(z.object({ name: z.string().min(3) }), { name: 'ab' })).toEqual({
      ok: false,
      errors: { name: { key: 'field.tooShort', params: { min: 3 } } },
    });
  });

  it('falls back to a generic reason', () => {
    expect(validateForm(z.object({ slug: z.string().regex(/^[a-z]+$/) }), { slug: 'A B' })).toEqual({
      ok: false,
      errors: { slug: { key: 'field.invalid' } },
    });
  });
});

describe('apiFieldMessages', () => {
  it("keeps the API's words for each field, first reason only", () => {
    const error = new ApiError(400, 'validation_failed', 'x', [
      { field: 'name', message: 'must not contain control characters' },
      { field: 'name', message: 'second' },
      { field: 'password', message: 'must be at least 12 characters' },
    ]);
    expect(apiFieldMessages(error)).toEqual({ name: { text: 'must not contain control characters' }, password: { text: 'must be at least 12 characters' } });
    expect(apiFieldMessages(new Error('x'))).toEqual({});
  });

  it('shows either kind of message as text', () => {
    const t = (key: UiKey, params?: MessageParams) => translate(uiMessages.en, key, params);
    expect(fieldMessageText({ text: 'as the API said' }, t)).toBe('as the API said');
    expect(fieldMessageText({ key: 'field.tooShort', params: { min: 12 } }, t)).toBe('At least 12 characters.');
  });
});
