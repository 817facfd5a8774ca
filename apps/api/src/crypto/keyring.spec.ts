import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Keyring } from './keyring.js';

const currentHex = randomBytes(32).toString('hex');
const oldHex = randomBytes(32).toString('hex');
const olderHex = randomBytes(32).toString('hex');

function keyring(): Keyring {
  return Keyring.fromEnv({
    ENCRYPTION_KEY: currentHex,
    ENCRYPTION_KEY_ID: 'k3',
    ENCRYPTION_KEYS_PREVIOUS: [
      { id: 'k2', key: oldHex },
      { id: 'k1', key: olderHex },
    ],
  });
}

function leaksAnyKey(text: string): boolean {
  return [currentHex, oldHex, olderHex].some((hex) => {
    const bytes = Buffer.from(hex, 'hex');
    return (
      text.toLowerCase().includes(hex.toLowerCase()) ||
      text.includes(bytes.toString('base64')) ||
      text.includes(bytes.toString('base64url')) ||
      // Buffer inspection prints "<Buffer 3f a1 ...>"
      text.includes(hex.slice(0, 16).match(/../g)?.join(' ') ?? '\u0000')
    );
  });
}

describe('Keyring', () => {
  it('holds the current key and the previous keys by id', () => {
    const ring = keyring();
    expect(ring.current.id).toBe('k3');
    expect(ring.current.key.equals(Buffer.from(currentHex, 'hex'))).toBe(true);
    expect(ring.get('k2')?.key.equals(Buffer.from(oldHex, 'hex'))).toBe(true);
    expect(ring.get('k1')?.key.equals(Buffer.from(olderHex, 'hex'))).toBe(true);
    expect(ring.get('k3')).toBe(ring.current);
    expect(ring.get('k0')).toBeUndefined();
    expect(ring.has('k2')).toBe(true);
    expect(ring.has('nope')).toBe(false);
    expect(ring.ids).toEqual(['k3', 'k2', 'k1']);
    expect(ring.previousIds).toEqual(['k2', 'k1']);
  });

  it('keys are 32 bytes', () => {
    const ring = keyring();
    for (const id of ring.ids) expect(ring.get(id)?.key.length).toBe(32);
  });

  it('never shows key bytes in JSON, toString, inspect or template strings', () => {
    const ring = keyring();
    const renderings = [
      JSON.stringify(ring),
      JSON.stringify(ring.current),
      JSON.stringify({ ...ring.current }),
      String(ring),
      String(ring.current),
      `${ring.current.toString()}`,
      inspect(ring, { depth: 10, showHidden: true }),
      inspect(ring.current, { depth: 10, showHidden: true }),
      inspect({ ring, kek: ring.get('k1') }, { depth: 10 }),
    ];
    for (const text of renderings) expect(leaksAnyKey(text)).toBe(false);
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ current: 'k3', previous: ['k2', 'k1'] });
    expect(JSON.parse(JSON.stringify(ring.current))).toEqual({ id: 'k3' });
    expect(String(ring)).toContain('k3');
    // The control: the detector itself does see a raw buffer.
    expect(leaksAnyKey(inspect(ring.current.key))).toBe(true);
  });

  it('rejects a malformed key without echoing it', () => {
    const bad = 'zz' + currentHex.slice(2);
    let caught: unknown;
    try {
      Keyring.fromEnv({ ENCRYPTION_KEY: bad, ENCRYPTION_KEY_ID: 'k1', ENCRYPTION_KEYS_PREVIOUS: [] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toContain('k1');
    expect((caught as Error).message).not.toContain(bad);
    expect((caught as Error).message).not.toContain(currentHex.slice(2, 20));
  });

  it('rejects short keys, bad ids and duplicate ids', () => {
    expect(() => Keyring.fromEnv({ ENCRYPTION_KEY: currentHex.slice(0, 62), ENCRYPTION_KEY_ID: 'k1', ENCRYPTION_KEYS_PREVIOUS: [] })).toThrow(/k1/);
    expect(() => Keyring.fromEnv({ ENCRYPTION_KEY: currentHex, ENCRYPTION_KEY_ID: 'k.1', ENCRYPTION_KEYS_PREVIOUS: [] })).toThrow(/key id/);
    expect(() => Keyring.fromEnv({ ENCRYPTION_KEY: currentHex, ENCRYPTION_KEY_ID: 'k:1', ENCRYPTION_KEYS_PREVIOUS: [] })).toThrow(/key id/);
    expect(() =>
      Keyring.fromEnv({ ENCRYPTION_KEY: currentHex, ENCRYPTION_KEY_ID: 'k1', ENCRYPTION_KEYS_PREVIOUS: [{ id: 'k1', key: oldHex }] }),
    ).toThrow(/Duplicate/);
    expect(() => Keyring.of({ id: 'k1', key: randomBytes(16) })).toThrow(/32 bytes/);
  });

  it('copies key bytes so later changes to the source buffer do not alter the keyring', () => {
    const source = randomBytes(32);
    const original = Buffer.from(source);
    const ring = Keyring.of({ id: 'k1', key: source });
    source.fill(0);
    expect(ring.current.key.equals(original)).toBe(true);
  });
});
