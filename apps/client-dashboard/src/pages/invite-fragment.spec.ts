import { describe, expect, it } from 'vitest';
import { inviteTokenFromHash, isWellFormedInviteToken } from './invite-fragment';

// The shape the API's invite links have: 32 random bytes, base64url.
const TOKEN = 'n9xMbGqMc_-R4ABGmcbetuAaZKlNlWg4QhKHjMzh5Jc';

describe('inviteTokenFromHash', () => {
  it('reads the token of the link the API builds', () => {
    const link = new URL(`http://localhost:3001/accept-invite#token=${TOKEN}`);
    expect(inviteTokenFromHash(link.hash)).toBe(TOKEN);
  });

  it('does not need the leading #, and ignores other fragment fields', () => {
    expect(inviteTokenFromHash(`token=${TOKEN}`)).toBe(TOKEN);
    expect(inviteTokenFromHash(`#lang=es&token=${TOKEN}`)).toBe(TOKEN);
  });

  it('finds nothing in an empty, foreign or blank fragment', () => {
    for (const hash of ['', '#', '#token=', '#token=%20', '#main', `#tok=${TOKEN}`]) expect(inviteTokenFromHash(hash)).toBeNull();
  });
});

describe('isWellFormedInviteToken', () => {
  it('accepts a real token and refuses a link cut short', () => {
    expect(isWellFormedInviteToken(TOKEN)).toBe(true);
    expect(isWellFormedInviteToken(TOKEN.slice(0, 10))).toBe(false);
    expect(isWellFormedInviteToken('x'.repeat(201))).toBe(false);
  });
});
