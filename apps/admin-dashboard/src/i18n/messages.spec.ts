import { accountStatusSchema } from '@prixagent/contracts';
import { LANGS, dictionaryProblems, uiMessages } from '@prixagent/ui';
import { describe, expect, it } from 'vitest';
import { PLANS } from '../pages/tenant-view';
import { messages } from './messages';

describe('admin dashboard dictionaries', () => {
  it('have every key, non-empty, with the same placeholders, in both languages', () => {
    expect(dictionaryProblems(messages)).toEqual([]);
  });

  it('include every shared UI text, unchanged (an app key must not reuse a shared one)', () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(uiMessages[lang])) expect(messages[lang], `${lang} ${key}`).toHaveProperty([key], text);
    }
  });

  it('name every account status the API can send', () => {
    for (const lang of LANGS) {
      for (const status of accountStatusSchema.options) expect(messages[lang]).toHaveProperty([`accountStatus.${status}`]);
    }
  });

  it('name every plan a tenant can be created with', () => {
    for (const lang of LANGS) {
      for (const plan of PLANS) expect(messages[lang]).toHaveProperty([`plan.${plan}`]);
    }
  });
});
