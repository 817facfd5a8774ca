import { LANGS, dictionaryProblems, uiMessages } from '@prixagent/ui';
import { integrationStatusSchema, roleSchema } from '@prixagent/contracts';
import { describe, expect, it } from 'vitest';
import { messages } from './messages';

describe('client dashboard dictionaries', () => {
  it('have every key, non-empty, with the same placeholders, in both languages', () => {
    expect(dictionaryProblems(messages)).toEqual([]);
  });

  it('include every shared UI text, unchanged (an app key must not reuse a shared one)', () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(uiMessages[lang])) expect(messages[lang], `${lang} ${key}`).toHaveProperty([key], text);
    }
  });

  it('name every integration status and role the API can send', () => {
    for (const lang of LANGS) {
      for (const status of integrationStatusSchema.options) expect(messages[lang]).toHaveProperty([`integrationStatus.${status}`]);
      for (const role of roleSchema.options) expect(messages[lang]).toHaveProperty([`role.${role}`]);
    }
  });
});
