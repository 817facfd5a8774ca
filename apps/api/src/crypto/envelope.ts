/**
 * Envelope encryption of tenant credentials, as pure functions.
 *
 * Wrapped data key:  pxk1.<kekId>.<iv>.<ciphertext>.<tag>
 *   AES-256-GCM under the KEK, AAD "prixagent:dek:v1:<accountId>:<kekId>", so a wrapped key
 *   copied to another account, or relabelled with another key id, does not unwrap.
 * Field ciphertext:  pxf1.<iv>.<ciphertext>.<tag>
 *   AES-256-GCM under the tenant's DEK, AAD "prixagent:field:v1:<accountId>:<provider>:<field>",
 *   so a ciphertext copied to another tenant, provider or field does not decrypt.
 *
 * iv is 96 random bits per encryption, tag is 128 bits; all parts are unpadded base64url.
 * Every failure to read a stored value is a CredentialUnreadableError with a fixed message:
 * crypto errors from node can quote inputs, and nothing here may echo a key or a secret.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { CredentialUnreadableError } from '../common/errors/domain-error.js';
import type { Keyring } from './keyring.js';

const ALGORITHM = 'aes-256-gcm';
export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const WRAPPED_KEY_VERSION = 'pxk1';
const FIELD_VERSION = 'pxf1';

// Parts of the AAD are joined with ":"; account id and provider must not contain one,
// and the field name (last) is restricted too so the AAD stays unambiguous and printable.
const AAD_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const KEK_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const FINGERPRINT_INFO = Buffer.from('prixagent:fingerprint:v1', 'utf8');
const FINGERPRINT_HEX_CHARS = 16;

/** Where a field ciphertext belongs; bound into the ciphertext as AAD. */
export interface FieldAad {
  accountId: string;
  provider: string;
  field: string;
}

/** A fresh random 256-bit data key for one tenant. */
export function generateDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export function isValidFieldName(field: string): boolean {
  return FIELD_NAME.test(field);
}

/** Wraps a tenant's data key under the keyring's current KEK. */
export function wrapDataKey(keyring: Keyring, accountId: string, dek: Buffer): string {
  assertDataKey(dek);
  const kek = keyring.current;
  const aad = dataKeyAad(accountId, kek.id);
  const { iv, ciphertext, tag } = seal(kek.key, aad, dek);
  return [WRAPPED_KEY_VERSION, kek.id, b64(iv), b64(ciphertext), b64(tag)].join('.');
}

/** Unwraps with whichever KEK (current or previous) the envelope names. */
export function unwrapDataKey(keyring: Keyring, accountId: string, wrapped: string): Buffer {
  return unreadableOnFailure(() => {
    const { kekId, iv, ciphertext, tag } = parseWrappedKey(wrapped);
    const kek = keyring.get(kekId);
    if (!kek) throw new Error('unknown key id');
    if (ciphertext.length !== DATA_KEY_BYTES) throw new Error('bad length');
    const dek = open(kek.key, dataKeyAad(accountId, kekId), iv, ciphertext, tag);
    if (dek.length !== DATA_KEY_BYTES) throw new Error('bad length');
    return dek;
  });
}

/** The KEK id a wrapped data key names, without unwrapping it. */
export function kekIdOf(wrapped: string): string {
  return unreadableOnFailure(() => parseWrappedKey(wrapped).kekId);
}

export function encryptField(dek: Buffer, aad: FieldAad, plaintext: string): string {
  assertDataKey(dek);
  const { iv, ciphertext, tag } = seal(dek, fieldAad(aad), Buffer.from(plaintext, 'utf8'));
  return [FIELD_VERSION, b64(iv), b64(ciphertext), b64(tag)].join('.');
}

export function decryptField(dek: Buffer, aad: FieldAad, ciphertext: string): string {
  return unreadableOnFailure(() => {
    assertDataKey(dek);
    const parts = splitEnvelope(ciphertext, FIELD_VERSION, 4);
    const iv = fromB64(parts[1], IV_BYTES);
    const body = fromB64(parts[2]);
    const tag = fromB64(parts[3], TAG_BYTES);
    const plain = open(dek, fieldAad(aad), iv, body, tag);
    // fatal: a plaintext that is not the UTF-8 we wrote is not ours to hand back.
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  });
}

/**
 * A short keyed digest of a secret, scoped to its account, provider and field, so the UI
 * can say "same key as before" without storing the secret. Keyed by a subkey of the DEK
 * (HKDF), never by the DEK itself, so the digest and the ciphertexts never share a key.
 */
export function fingerprint(dek: Buffer, aad: FieldAad, plaintext: string): string {
  assertDataKey(dek);
  const subkey = Buffer.from(hkdfSync('sha256', dek, Buffer.alloc(0), FINGERPRINT_INFO, 32));
  const scope = fieldAad(aad);
  const scopeLength = Buffer.alloc(4);
  scopeLength.writeUInt32BE(scope.length);
  return createHmac('sha256', subkey)
    .update(scopeLength)
    .update(scope)
    .update(Buffer.from(plaintext, 'utf8'))
    .digest('hex')
    .slice(0, FINGERPRINT_HEX_CHARS);
}

function dataKeyAad(accountId: string, kekId: string): Buffer {
  if (!AAD_SEGMENT.test(accountId)) throw new TypeError('Invalid account id for key wrapping');
  if (!KEK_ID.test(kekId)) throw new TypeError('Invalid key id for key wrapping');
  return Buffer.from(`prixagent:dek:v1:${accountId}:${kekId}`, 'utf8');
}

function fieldAad({ accountId, provider, field }: FieldAad): Buffer {
  if (!AAD_SEGMENT.test(accountId)) throw new TypeError('Invalid account id for field encryption');
  if (!AAD_SEGMENT.test(provider)) throw new TypeError('Invalid provider for field encryption');
  if (!FIELD_NAME.test(field)) throw new TypeError('Invalid field name for field encryption');
  return Buffer.from(`prixagent:field:v1:${accountId}:${provider}:${field}`, 'utf8');
}

function assertDataKey(dek: Buffer): void {
  if (!Buffer.isBuffer(dek) || dek.length !== DATA_KEY_BYTES) throw new TypeError('A data key must be 32 bytes');
}

function seal(key: Buffer, aad: Buffer, plaintext: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function open(key: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

function parseWrappedKey(wrapped: string): { kekId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const parts = splitEnvelope(wrapped, WRAPPED_KEY_VERSION, 5);
  const kekId = parts[1] ?? '';
  if (!KEK_ID.test(kekId)) throw new Error('bad key id');
  return {
    kekId,
    iv: fromB64(parts[2], IV_BYTES),
    ciphertext: fromB64(parts[3]),
    tag: fromB64(parts[4], TAG_BYTES),
  };
}

function splitEnvelope(value: unknown, version: string, partCount: number): string[] {
  if (typeof value !== 'string') throw new Error('not a string');
  const parts = value.split('.');
  if (parts[0] !== version || parts.length !== partCount) throw new Error('unknown format');
  return parts;
}

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}

// Node's base64url decoder skips characters it does not know; insisting on the canonical
// form means an edited envelope never decodes to the same bytes as the original.
function fromB64(part: string | undefined, expectedBytes?: number): Buffer {
  if (part === undefined || !BASE64URL.test(part)) throw new Error('bad encoding');
  const buf = Buffer.from(part, 'base64url');
  if (buf.toString('base64url') !== part) throw new Error('bad encoding');
  if (expectedBytes !== undefined && buf.length !== expectedBytes) throw new Error('bad length');
  return buf;
}

function unreadableOnFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch {
    throw new CredentialUnreadableError();
  }
}
