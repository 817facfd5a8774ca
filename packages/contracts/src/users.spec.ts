import { describe, expect, it } from 'vitest';
import { acceptInviteRequestSchema } from './auth.js';
import { updateProfileRequestSchema } from './users.js';

describe('profile update', () => {
  it('takes a name on the same terms as accepting an invite', () => {
    for (const name of ['Ada', '  Ada Lovelace  ', 'x'.repeat(120), '', '   ', 'x'.repeat(121), 'a\u0000b', 'tab\there']) {
      expect(updateProfileRequestSchema.safeParse({ name }).success, JSON.stringify(name)).toBe(
        acceptInviteRequestSchema.safeParse({ token: 'x'.repeat(43), name, password: 'a-long-passphrase' }).success,
      );
    }
  });

  it('trims the name and names the field when it is missing', () => {
    expect(updateProfileRequestSchema.parse({ name: '  Grace  ' })).toEqual({ name: 'Grace' });
    expect(updateProfileRequestSchema.safeParse({}).error?.issues[0]?.path).toEqual(['name']);
    expect(updateProfileRequestSchema.safeParse({ name: ' ' }).error?.issues[0]?.message).toBe('is required');
  });
});
