import { describe, expect, it } from 'vitest';
import { allowedOrigins, hashTicket, isAllowedOrigin, isWellFormedTicket, newTicket, parseClientMessage, parseUpgradeUrl } from './realtime-protocol.js';

describe('tickets', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256', () => {
    const { ticket, tokenHash } = newTicket();
    expect(isWellFormedTicket(ticket)).toBe(true);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash).toBe(hashTicket(ticket));
    expect(newTicket().ticket).not.toBe(ticket);
  });

  it('refuse anything else before it reaches the database', () => {
    for (const bad of [null, '', 'short', `${'a'.repeat(43)}=`, `${'a'.repeat(42)}/`, 'a'.repeat(44)]) {
      expect(isWellFormedTicket(bad), String(bad)).toBe(false);
    }
  });
});

describe('upgrade URL', () => {
  it('gives the path and the ticket', () => {
    expect(parseUpgradeUrl('/ws?ticket=abc')).toEqual({ pathname: '/ws', ticket: 'abc' });
    expect(parseUpgradeUrl('/ws')).toEqual({ pathname: '/ws', ticket: null });
    expect(parseUpgradeUrl('/api/ws?ticket=x')?.pathname).toBe('/api/ws');
    expect(parseUpgradeUrl(undefined)).toBeNull();
  });
});

describe('origin check', () => {
  const allowed = allowedOrigins(['http://localhost:3001', 'https://app.example.com/', 'not a url']);

  it('accepts exactly the listed origins, as browsers write them', () => {
    expect(isAllowedOrigin(allowed, 'http://localhost:3001')).toBe(true);
    expect(isAllowedOrigin(allowed, 'https://app.example.com')).toBe(true);
    expect(isAllowedOrigin(allowed, 'https://APP.example.com:443')).toBe(true);
  });

  it('refuses other, opaque, malformed and missing origins', () => {
    for (const origin of ['http://localhost:3002', 'https://localhost:3001', 'http://app.example.com', 'https://app.example.com.evil.test', 'null', 'file://', '', 'garbage']) {
      expect(isAllowedOrigin(allowed, origin), origin).toBe(false);
    }
    expect(isAllowedOrigin(allowed, undefined)).toBe(false);
    expect(isAllowedOrigin(allowed, ['http://localhost:3001'])).toBe(false);
  });
});

describe('client messages', () => {
  const parse = (text: string) => parseClientMessage(Buffer.from(text), false);

  it('accept a ping', () => {
    expect(parse('{"type":"ping"}')).toEqual({ ok: true, message: { type: 'ping' } });
  });

  it('turn every kind of bad input into an error message, never an exception', () => {
    const code = (result: ReturnType<typeof parse>) => (result.ok ? 'ok' : result.error.data.code);
    expect(code(parse('{oops'))).toBe('invalid_json');
    expect(code(parse(''))).toBe('invalid_json');
    for (const text of ['null', '42', '"ping"', '[]', '{}', '{"type":1}', '{"type":"ping","extra":true}']) {
      expect(code(parse(text)), text).toBe('invalid_message');
    }
    expect(code(parse('{"type":"subscribe"}'))).toBe('unknown_type');
    expect(code(parseClientMessage(Buffer.from('{"type":"ping"}'), true))).toBe('invalid_message');
  });

  it('does not echo what the client sent', () => {
    const result = parse(`{"type":"${'x'.repeat(100)}"}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.data.message).not.toContain('xxxx');
  });
});
