#!/usr/bin/env node
// `pnpm setup-env`: writes `.env` from `.env.example` when it is missing, with
// fresh random platform secrets, readable by the owner only (0600). An existing
// `.env` is never touched; we only name the variables it lacks.
//
// Secrets are never printed. `pnpm dev` prints the operator and demo logins on
// purpose, in its own banner, so a developer can sign in.
//
// Also exports the small .env reader the other root scripts use (plain Node,
// no build step, no dependency).
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const ALPHABET = {
  lower: 'abcdefghijkmnopqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
};

/** A random password of letters and digits (no quoting trouble in .env), with every class present. */
export function randomPassword(length = 20) {
  const all = ALPHABET.lower + ALPHABET.upper + ALPHABET.digit;
  const chars = [
    ALPHABET.lower[randomInt(ALPHABET.lower.length)],
    ALPHABET.upper[randomInt(ALPHABET.upper.length)],
    ALPHABET.digit[randomInt(ALPHABET.digit.length)],
  ];
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  // Fisher-Yates, so the guaranteed classes are not always at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** Variables whose example value is a placeholder to be replaced by a fresh secret. */
export const GENERATED = {
  JWT_SECRET: () => randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: () => randomBytes(32).toString('hex'),
  ADMIN_PASSWORD: () => randomPassword(20),
  DEMO_OWNER_PASSWORD: () => randomPassword(20),
};

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)?$/;

/** Parses dotenv-style text: KEY=value, optional quotes, `#` comments. Later keys win. */
export function parseEnvText(text) {
  const out = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = LINE.exec(raw);
    if (!m) continue;
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      const hash = value.search(/\s#/);
      if (hash >= 0) value = value.slice(0, hash).trim();
    }
    out[m[1]] = value;
  }
  return out;
}

/** Reads a .env file into an object; a missing file gives {}. */
export function readEnvFile(path) {
  if (!existsSync(path)) return {};
  return parseEnvText(readFileSync(path, 'utf8'));
}

/** Replaces the value of every uncommented GENERATED variable in the example text. */
export function renderEnvFromExample(exampleText) {
  const generated = [];
  const lines = exampleText.split('\n').map((line) => {
    const m = LINE.exec(line);
    if (!m) return line;
    const make = GENERATED[m[1]];
    if (!make) return line;
    generated.push(m[1]);
    return `${m[1]}=${make()}`;
  });
  return { text: lines.join('\n'), generated };
}

/**
 * Makes sure `<root>/.env` exists. Returns { path, created, generated, missing }:
 * `missing` names the variables `.env.example` sets that an existing `.env` lacks.
 */
export function ensureEnv({ root = ROOT, log = (msg) => console.log(msg) } = {}) {
  const envPath = join(root, '.env');
  const examplePath = join(root, '.env.example');
  if (existsSync(envPath)) {
    const mode = statSync(envPath).mode & 0o777;
    if (mode & 0o077) {
      log(`warning: .env is readable by others (mode ${mode.toString(8)}); run: chmod 600 .env`);
    }
    const missing = existsSync(examplePath)
      ? Object.keys(readEnvFile(examplePath)).filter((k) => !(k in readEnvFile(envPath)))
      : [];
    if (missing.length > 0) {
      log(`note: .env lacks ${missing.join(', ')} (defaults apply; see .env.example)`);
    }
    return { path: envPath, created: false, generated: [], missing };
  }
  if (!existsSync(examplePath)) {
    throw new Error(`Cannot create .env: ${examplePath} is missing`);
  }
  const { text, generated } = renderEnvFromExample(readFileSync(examplePath, 'utf8'));
  const header =
    `# Written by \`pnpm setup-env\` from .env.example on ${new Date().toISOString()}.\n` +
    `# Holds this machine's secrets: keep it private (mode 0600), never commit it.\n`;
  // 'wx' fails if another process created the file meanwhile instead of overwriting it.
  writeFileSync(envPath, header + text, { mode: 0o600, flag: 'wx' });
  chmodSync(envPath, 0o600); // the creation mode is filtered by umask; make it exact
  log(`Created .env from .env.example with fresh secrets for ${generated.join(', ')} (mode 0600).`);
  return { path: envPath, created: true, generated, missing: [] };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  try {
    const result = ensureEnv();
    if (!result.created) console.log('.env already exists; left unchanged.');
  } catch (err) {
    console.error(`setup-env: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
