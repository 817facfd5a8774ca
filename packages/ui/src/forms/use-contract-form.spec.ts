import { changePasswordRequestSchema, loginRequestSchema } from '@prixagent/contracts';
import type { FieldValues, ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { translate, type MessageParams } from '../i18n/i18n.js';
import { uiMessages, type UiKey } from '../i18n/ui-messages.js';
import { fieldErrorText } from './field-message.js';
import { withPasswordConfirmation } from './password-confirmation.js';
import { contractResolver } from './use-contract-form.js';

const en = (key: UiKey, params?: MessageParams) => translate(uiMessages.en, key, params);
const es = (key: UiKey, params?: MessageParams) => translate(uiMessages.es, key, params);
const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<FieldValues>;

/** What each field would show, in English, after the resolver ran. */
async function shown(schema: z.ZodType<FieldValues, FieldValues>, values: FieldValues, t = en) {
  const result = await contractResolver(schema)(values, undefined, options);
  const texts = Object.fromEntries(Object.entries(result.errors).map(([field, error]) => [field, fieldErrorText(typeof error?.message === 'string' ? error.message : undefined, t)]));
  return { values: result.values, texts };
}

describe('contractResolver, on the shared contracts', () => {
  it('passes good values through the contract, which normalises them as the API will', async () => {
    expect(await shown(loginRequestSchema, { email: 'Ada@Example.TEST', password: 'x' })).toEqual({ values: { email: 'ada@example.test', password: 'x' }, texts: {} });
  });

  it('names each empty field as required, in the reader\'s language', async () => {
    expect((await shown(loginRequestSchema, { email: '', password: '' })).texts).toEqual({ email: 'This field is required.', password: 'This field is required.' });
    expect((await shown(loginRequestSchema, { email: '', password: '' }, es)).texts).toEqual({ email: 'Este campo es obligatorio.', password: 'Este campo es obligatorio.' });
  });

  it('recognises a malformed email and gives the limits of values out of bounds', async () => {
    expect((await shown(loginRequestSchema, { email: 'not-an-email', password: 'x' })).texts).toEqual({ email: 'Enter a valid email address.' });
    expect((await shown(loginRequestSchema, { email: 'a@b.test', password: 'x'.repeat(300) })).texts).toEqual({ password: 'At most 256 characters.' });
    expect((await shown(z.object({ name: z.string().min(3) }), { name: 'ab' })).texts).toEqual({ name: 'At least 3 characters.' });
  });

  it('falls back to a generic reason', async () => {
    expect((await shown(z.object({ slug: z.string().regex(/^[a-z]+$/) }), { slug: 'A B' })).texts).toEqual({ slug: 'This value is not valid.' });
  });

  it('asks for the new password twice, and says so when the copies differ', async () => {
    const schema = withPasswordConfirmation(changePasswordRequestSchema.extend({ confirm: z.string() }), 'newPassword');
    const good = { currentPassword: 'old', newPassword: 'correct horse battery', confirm: 'correct horse battery' };
    expect((await shown(schema, good)).texts).toEqual({});
    expect((await shown(schema, { ...good, confirm: 'correct horse battery!' })).texts).toEqual({ confirm: 'The two passwords are not the same.' });
    expect((await shown(schema, { ...good, confirm: '' })).texts).toEqual({ confirm: 'This field is required.' });
    // Each field says what is wrong with it, the contract's rule and the form's own alike.
    expect((await shown(schema, { ...good, newPassword: 'short', confirm: 'other' })).texts).toEqual({
      newPassword: 'At least 12 characters.',
      confirm: 'The two passwords are not the same.',
    });
  });
});

describe('fieldErrorText', () => {
  it("shows the API's words as they are, and our keys translated", () => {
    expect(fieldErrorText('must not contain control characters', en)).toBe('must not contain control characters');
    expect(fieldErrorText(undefined, en)).toBeUndefined();
    expect(fieldErrorText('', en)).toBeUndefined();
  });
});
