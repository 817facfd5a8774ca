import { describe, expect, it } from 'vitest';
import { safeNext, signInPathFor } from './safe-next.js';

describe('safeNext', () => {
  it('keeps paths on this origin', () => {
    expect(safeNext('/integrations')).toBe('/integrations');
    expect(safeNext('/tenants?page=2')).toBe('/tenants?page=2');
  });

  it('refuses anything that could leave the origin', () => {
    for (const next of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'integrations', '']) {
      expect(safeNext(next)).toBe('/');
    }
    expect(safeNext(null, '/home')).toBe('/home');
  });

  it('does not loop back to the sign-in page', () => {
    expect(safeNext('/sign-in')).toBe('/');
    expect(safeNext('/sign-in?next=%2F')).toBe('/');
  });
});

describe('signInPathFor', () => {
  it('remembers where the person was going', () => {
    expect(signInPathFor('/integrations')).toBe('/sign-in?next=%2Fintegrations');
    expect(signInPathFor('/')).toBe('/sign-in');
  });
});
