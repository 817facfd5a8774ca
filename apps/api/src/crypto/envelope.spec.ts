import { createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialUnreadableError } from '../common/errors/domain-error.js';
import {
  decryptField,
  encryptField,
  fingerprint,
  generateDataKey,
  kekIdOf,
  unwrapDataKey,
  wrapDataKey,
  type FieldAad,
} from './envelope.js';
import { Keyring } from './keyring.js';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const accountA = randomUUID();
const accountB = randomUUID();
const SECRET = 'sk_live_4f9c1d7e-very-secret-token';

const ringK1 = Keyring.of({ id: 'k1', key: k1 });
// After rotation was configured: k2 is current, k1 decrypts only.
const ringK2 = Keyring.of({ id: 'k2', key: k2 }, [{ id: 'k1', key: k1 }]);
const ringK2Only = Keyring.of({ id: 'k2', key: k2 });

const aad: FieldAad = { accountId: accountA, provider: 'twilio', field: 'authToken' };

/** Runs fn and returns what it threw; fails the test when it did not throw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function expectUnreadable(fn: () => unknown, ...mustNotContain: (string | Buffer)[]): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(CredentialUnreadableError);
  const err = error as CredentialUnreadableError;
  expect(err.status).toBe(409);
  expect(err.code).toBe('credential_unreadable');
  // One fixed message: nothing from the input or from node's crypto errors leaks through.
  expect(err.message).toBe(new CredentialUnreadableError().message);
  expect(err.details).toEqual([]);
  const text = [err.message, err.stack ?? '', JSON.stringify(err.details)].join('\n');
  expect(err.cause).toBeUndefined();
  for (const secret of mustNotContain) {
    const forms = typeof secret === 'string' ? [secret] : [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url')];
    for (const form of forms) expect(text).not.toContain(form);
  }
}

/** Decodes one dot-separated part, flips one bit in byte `index`, re-encodes. */
function flipByte(envelope: string, partIndex: number, index = 0): string {
  const parts = envelope.split('.');
  const part = parts[partIndex];
  if (part === undefined) throw new Error('no such part');
  const bytes = Buffer.from(part, 'base64url');
  const at = Math.min(index, bytes.length - 1);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('data key wrapping', () => {
  it('round-trips a data key and names the KEK', () => {
    const dek = generateDataKey();
    expect(dek.length).toBe(32);
    const wrapped = wrapDataKey(ringK1, accountA, dek);
    expect(wrapped).toMatch(/^pxk1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$/);
    expect(kekIdOf(wrapped)).toBe('k1');
    expect(unwrapDataKey(ringK1, accountA, wrapped).equals(dek)).toBe(true);
    expect(wrapped).not.toContain(dek.toString('base64url'));
  });

  it('wraps under the current key and unwraps old envelopes with a previous key', () => {
    const dek = generateDataKey();
    const underK1 = wrapDataKey(ringK1, accountA, dek);
    expect(unwrapDataKey(ringK2, accountA, underK1).equals(dek)).toBe(true);
    const underK2 = wrapDataKey(ringK2, accountA, dek);
    expect(kekIdOf(underK2)).toBe('k2');
    expect(unwrapDataKey(ringK2Only, accountA, underK2).equals(dek)).toBe(true);
  });

  it('uses a fresh IV each time', () => {
    const dek = generateDataKey();
    const a = wrapDataKey(ringK1, accountA, dek);
    const b = wrapDataKey(ringK1, accountA, dek);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('fails for a KEK id that is not in the keyring', () => {
    const dek = generateDataKey();
    const underK1 = wrapDataKey(ringK1, accountA, dek);
    expectUnreadable(() => unwrapDataKey(ringK2Only, accountA, underK1), dek, k1, k2);
  });

  it('fails when unwrapped for another account', () => {
    const dek = generateDataKey();
    const wrapped = wrapDataKey(ringK1, accountA, dek);
    expectUnreadable(() => unwrapDataKey(ringK1, accountB, wrapped), dek, k1);
  });

  it('fails when the KEK id in the envelope is relabelled, even to a key that exists', () => {
    const dek = generateDataKey();
    const underK1 = wrapDataKey(ringK1, accountA, dek);
    // Same bytes under the other label; k2 has no such ciphertext, and the AAD names k1.
    const relabelled = underK1.replace(/^pxk1\.k1\./, 'pxk1.k2.');
    expectUnreadable(() => unwrapDataKey(ringK2, accountA, relabelled), dek);
    // A keyring where "k2" holds k1's bytes: decryption key right, AAD wrong.
    const sameBytes = Keyring.of({ id: 'k2', key: k1 });
    expectUnreadable(() => unwrapDataKey(sameBytes, accountA, relabelled), dek);
  });

  it.each([
    ['iv', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('fails when one bit of the %s is flipped', (_name, partIndex) => {
    const dek = generateDataKey();
    const wrapped = wrapDataKey(ringK1, accountA, dek);
    for (const index of [0, 5, 11]) {
      const tampered = flipByte(wrapped, partIndex, index);
      expect(tampered).not.toBe(wrapped);
      expectUnreadable(() => unwrapDataKey(ringK1, accountA, tampered), dek, k1);
    }
  });

  it('fails for an unknown version and malformed envelopes', () => {
    const dek = generateDataKey();
    const wrapped = wrapDataKey(ringK1, accountA, dek);
    const malformed = [
      wrapped.replace(/^pxk1\./, 'pxk2.'),
      wrapped.replace(/^pxk1\./, 'pxf1.'),
      wrapped.replace(/^pxk1\./, ''),
      `${wrapped}.extra`,
      wrapped.split('.').slice(0, 4).join('.'),
      wrapped.replace(/\.[^.]+$/, '.'), // empty tag
      wrapped.replace(/\.([^.]+)$/, '.$1='), // padded, non-canonical base64url
      wrapped.replace(/\.([^.]+)$/, '.$1!'),
      wrapped.replace(/\.([^.]+)$/, (_m, tag: string) => `.${tag.slice(0, -4)}`), // truncated tag
      '',
      'not an envelope',
    ];
    for (const input of malformed) expectUnreadable(() => unwrapDataKey(ringK1, accountA, input), dek, k1);
    for (const input of malformed.slice(0, 5)) expectUnreadable(() => kekIdOf(input));
    expectUnreadable(() => kekIdOf('pxk1.bad:id.a.b.c'));
  });

  it('accepts only the canonical encoding: a last character with stray low bits fails', () => {
    const dek = generateDataKey();
    const wrapped = wrapDataKey(ringK1, accountA, dek);
    const tag = wrapped.split('.')[4] ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(tag.at(-1) ?? '');
    // 16 bytes = 22 characters; the last one carries 4 bits and 2 unused bits.
    const sibling = `${tag.slice(0, -1)}${alphabet[last ^ 0x01]}`;
    expect(Buffer.from(sibling, 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(true);
    expectUnreadable(() => unwrapDataKey(ringK1, accountA, wrapped.replace(/[^.]+$/, sibling)), dek);
  });

  it('refuses to wrap something that is not a 32-byte key', () => {
    expect(() => wrapDataKey(ringK1, accountA, randomBytes(16))).toThrow(TypeError);
  });
});

describe('field encryption', () => {
  it('round-trips, including unicode and the empty string', () => {
    const dek = generateDataKey();
    for (const plaintext of [SECRET, 'ñandú 🔑 clé', '']) {
      const ciphertext = encryptField(dek, aad, plaintext);
      expect(ciphertext.startsWith('pxf1.')).toBe(true);
      expect(ciphertext.split('.')).toHaveLength(4);
      expect(decryptField(dek, aad, ciphertext)).toBe(plaintext);
    }
  });

  it('never contains the plaintext and uses a fresh IV each time', () => {
    const dek = generateDataKey();
    const a = encryptField(dek, aad, SECRET);
    const b = encryptField(dek, aad, SECRET);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(a).not.toContain(SECRET);
    expect(a).not.toContain(Buffer.from(SECRET).toString('base64url'));
    expect(decryptField(dek, aad, a)).toBe(SECRET);
    expect(decryptField(dek, aad, b)).toBe(SECRET);
  });

  it('fails when moved to another account, provider or field', () => {
    const dek = generateDataKey();
    const ciphertext = encryptField(dek, aad, SECRET);
    const elsewhere: FieldAad[] = [
      { ...aad, accountId: accountB },
      { ...aad, provider: 'highlevel' },
      { ...aad, field: 'accountSid' },
      { ...aad, field: 'apiKey', provider: 'elevenlabs' },
    ];
    for (const other of elsewhere) expectUnreadable(() => decryptField(dek, other, ciphertext), SECRET, dek);
  });

  it('fails under another data key (another tenant, or a destroyed and recreated key)', () => {
    const dek = generateDataKey();
    const ciphertext = encryptField(dek, aad, SECRET);
    expectUnreadable(() => decryptField(generateDataKey(), aad, ciphertext), SECRET, dek);
  });

  it.each([
    ['iv', 1],
    ['ciphertext', 2],
    ['tag', 3],
  ])('fails when one bit of the %s is flipped', (_name, partIndex) => {
    const dek = generateDataKey();
    const ciphertext = encryptField(dek, aad, SECRET);
    for (const index of [0, 7, 11]) {
      const tampered = flipByte(ciphertext, partIndex, index);
      expect(tampered).not.toBe(ciphertext);
      expectUnreadable(() => decryptField(dek, aad, tampered), SECRET, dek);
    }
  });

  it('fails for an unknown version and malformed input', () => {
    const dek = generateDataKey();
    const ciphertext = encryptField(dek, aad, SECRET);
    const malformed: unknown[] = [
      ciphertext.replace(/^pxf1\./, 'pxf2.'),
      ciphertext.replace(/^pxf1\./, 'PXF1.'),
      ciphertext.replace(/^pxf1\./, ''),
      `${ciphertext}.x`,
      ciphertext.split('.').slice(0, 3).join('.'),
      ciphertext.replace(/\.([^.]+)$/, (_m, tag: string) => `.${tag.slice(0, 12)}`),
      '',
      SECRET,
      null,
      42,
      { ciphertext },
    ];
    for (const input of malformed) expectUnreadable(() => decryptField(dek, aad, input as string), SECRET, dek);
  });

  it('fails (as unreadable) for a wrong-size data key or a nonsensical AAD', () => {
    const dek = generateDataKey();
    const ciphertext = encryptField(dek, aad, SECRET);
    expectUnreadable(() => decryptField(dek.subarray(0, 16), aad, ciphertext), SECRET);
    expectUnreadable(() => decryptField(dek, { ...aad, field: 'x:y' }, ciphertext), SECRET);
  });

  it('keeps the AAD unambiguous: separators cannot shift parts between account, provider and field', () => {
    const dek = generateDataKey();
    expect(() => encryptField(dek, { accountId: 'a:b', provider: 'twilio', field: 'apiKey' }, SECRET)).toThrow(TypeError);
    expect(() => encryptField(dek, { accountId: accountA, provider: 'twilio:x', field: 'apiKey' }, SECRET)).toThrow(TypeError);
    expect(() => encryptField(dek, { accountId: accountA, provider: 'twilio', field: 'api:Key' }, SECRET)).toThrow(TypeError);
  });
});

describe('fingerprint', () => {
  it('is stable for the same key, place and value, and 16 hex characters', () => {
    const dek = generateDataKey();
    const fp = fingerprint(dek, aad, SECRET);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(Buffer.from(dek), { ...aad }, SECRET)).toBe(fp);
  });

  it('changes with the value, the place and the tenant key', () => {
    const dek = generateDataKey();
    const fp = fingerprint(dek, aad, SECRET);
    const others = [
      fingerprint(dek, aad, `${SECRET}x`),
      fingerprint(dek, { ...aad, accountId: accountB }, SECRET),
      fingerprint(dek, { ...aad, provider: 'calcom' }, SECRET),
      fingerprint(dek, { ...aad, field: 'apiKey' }, SECRET),
      fingerprint(generateDataKey(), aad, SECRET),
    ];
    expect(new Set([fp, ...others]).size).toBe(others.length + 1);
  });

  it('is HMAC-SHA256 under an HKDF subkey of the data key, over the length-prefixed scope and the value', () => {
    const dek = Buffer.alloc(32, 7);
    const scope = Buffer.from(`prixagent:field:v1:${accountA}:twilio:authToken`);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(scope.length);
    const subkey = Buffer.from(hkdfSync('sha256', dek, Buffer.alloc(0), Buffer.from('prixagent:fingerprint:v1'), 32));
    const expected = createHmac('sha256', subkey).update(prefix).update(scope).update(SECRET).digest('hex').slice(0, 16);
    expect(fingerprint(dek, aad, SECRET)).toBe(expected);
  });

  it('does not reveal the value or use the data key directly', () => {
    const dek = generateDataKey();
    const fp = fingerprint(dek, aad, SECRET);
    expect(fp).not.toContain(SECRET.slice(-4));
    // Not a plain HMAC under the DEK over the value: the DEK is only used through HKDF.
    expect(createHmac('sha256', dek).update(SECRET).digest('hex').slice(0, 16)).not.toBe(fp);
  });
});
