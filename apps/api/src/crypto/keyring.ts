import { inspect } from 'node:util';
import type { Env } from '../config/env.schema.js';

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// Key ids travel inside the dot-separated envelope and the colon-separated AAD,
// so neither separator may appear in one.
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * One master key (KEK). The bytes sit in a private field behind a getter so that
 * logging, JSON.stringify, spreading or util.inspect of a Kek never shows them.
 */
export class Kek {
  readonly id: string;
  readonly #key: Buffer;

  constructor(id: string, key: Buffer) {
    if (!KEY_ID.test(id)) throw new Error('Invalid key id: must be 1-32 letters, digits, "_" or "-"');
    if (key.length !== KEY_BYTES) throw new Error(`Invalid key for id "${id}": must be ${KEY_BYTES} bytes`);
    this.id = id;
    // Own copy: a caller reusing its buffer must not change the keyring.
    this.#key = Buffer.from(key);
  }

  get key(): Buffer {
    return this.#key;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  toString(): string {
    return `Kek(${this.id})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export type KeyringEnv = Pick<Env, 'ENCRYPTION_KEY' | 'ENCRYPTION_KEY_ID' | 'ENCRYPTION_KEYS_PREVIOUS'>;

/**
 * The master keys of the process: the current one wraps new data keys, the previous
 * ones only unwrap, until rotation has moved every tenant key off them.
 */
export class Keyring {
  readonly #current: Kek;
  readonly #byId: ReadonlyMap<string, Kek>;

  private constructor(current: Kek, previous: readonly Kek[]) {
    const byId = new Map<string, Kek>([[current.id, current]]);
    for (const kek of previous) {
      if (byId.has(kek.id)) throw new Error(`Duplicate key id "${kek.id}" in the keyring`);
      byId.set(kek.id, kek);
    }
    this.#current = current;
    this.#byId = byId;
  }

  static fromEnv(env: KeyringEnv): Keyring {
    return new Keyring(
      new Kek(env.ENCRYPTION_KEY_ID, parseHexKey(env.ENCRYPTION_KEY_ID, env.ENCRYPTION_KEY)),
      env.ENCRYPTION_KEYS_PREVIOUS.map(({ id, key }) => new Kek(id, parseHexKey(id, key))),
    );
  }

  static of(current: { id: string; key: Buffer }, previous: readonly { id: string; key: Buffer }[] = []): Keyring {
    return new Keyring(
      new Kek(current.id, current.key),
      previous.map((k) => new Kek(k.id, k.key)),
    );
  }

  /** The key every new or rewrapped data key is wrapped under. */
  get current(): Kek {
    return this.#current;
  }

  get(id: string): Kek | undefined {
    return this.#byId.get(id);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Every id, current first. */
  get ids(): string[] {
    return [...this.#byId.keys()];
  }

  /** Decrypt-only ids, in configuration order. */
  get previousIds(): string[] {
    return this.ids.filter((id) => id !== this.#current.id);
  }

  toJSON(): { current: string; previous: string[] } {
    return { current: this.#current.id, previous: this.previousIds };
  }

  toString(): string {
    return `Keyring(current=${this.#current.id}, previous=[${this.previousIds.join(', ')}])`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function parseHexKey(id: string, hex: string): Buffer {
  // Env validation already checks this; repeating it keeps Keyring safe on its own and
  // the message names the id only, never the value.
  if (!HEX_KEY.test(hex)) throw new Error(`Invalid key for id "${id}": must be 64 hex characters`);
  return Buffer.from(hex, 'hex');
}
