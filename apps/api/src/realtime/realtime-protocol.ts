import { realtimeClientMessageSchema, realtimeClientMessageTypes, type RealtimeClientMessage, type RealtimeError } from '@prixagent/contracts';
import { hashOpaqueToken, newOpaqueToken } from '../crypto/opaque-token.js';

/** 32 random bytes, base64url: what the ticket route hands out and the only shape /ws looks up. */
const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newTicket(): { ticket: string; tokenHash: string } {
  const { token, tokenHash } = newOpaqueToken();
  return { ticket: token, tokenHash };
}

export const hashTicket = hashOpaqueToken;

export function isWellFormedTicket(ticket: string | null): ticket is string {
  return ticket !== null && TICKET_PATTERN.test(ticket);
}

/** The path and the ticket of an upgrade request; null when the URL does not parse. */
export function parseUpgradeUrl(rawUrl: string | undefined): { pathname: string; ticket: string | null } | null {
  if (!rawUrl) return null;
  try {
    // Only the path and query of the request line matter; the base is a placeholder.
    const url = new URL(rawUrl, 'http://upgrade.invalid');
    return { pathname: url.pathname, ticket: url.searchParams.get('ticket') };
  } catch {
    return null;
  }
}

/**
 * The browser origins a socket may come from: exactly the CORS allow-list
 * (`CORS_ORIGIN`), normalised the way browsers write the Origin header
 * (scheme://host[:port], lower case, no default port, no trailing slash).
 */
export function allowedOrigins(corsOrigins: readonly string[]): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const entry of corsOrigins) {
    const origin = normaliseOrigin(entry);
    if (origin) origins.add(origin);
  }
  return origins;
}

/**
 * A missing Origin is refused too: every browser sends one on a WebSocket
 * handshake, and the ticket, not the Origin, is what authenticates a
 * non-browser client, which can send an allowed Origin like any other header.
 */
export function isAllowedOrigin(allowed: ReadonlySet<string>, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const origin = normaliseOrigin(header);
  return origin !== null && allowed.has(origin);
}

function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    // An opaque origin ("null", file:, data:) serialises as "null" and matches nothing.
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

export type ParsedClientMessage = { ok: true; message: RealtimeClientMessage } | { ok: false; error: RealtimeError };

function failure(code: RealtimeError['data']['code'], message: string): ParsedClientMessage {
  return { ok: false, error: { type: 'error', data: { code, message } } };
}

/** Client input is untrusted: every outcome is a value, nothing here throws. */
export function parseClientMessage(data: Buffer, isBinary: boolean): ParsedClientMessage {
  if (isBinary) return failure('invalid_message', 'Send JSON text frames');
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    return failure('invalid_json', 'The message is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return failure('invalid_message', 'A message is a JSON object with a "type"');
  const type = (parsed as Record<string, unknown>)['type'];
  if (typeof type !== 'string') return failure('invalid_message', 'A message is a JSON object with a "type"');
  // The type is not echoed back: the answer stays small whatever the client sent.
  if (!realtimeClientMessageTypes.includes(type)) return failure('unknown_type', `Unknown message type; expected one of: ${realtimeClientMessageTypes.join(', ')}`);
  const result = realtimeClientMessageSchema.safeParse(parsed);
  return result.success ? { ok: true, message: result.data } : failure('invalid_message', `Invalid "${type}" message`);
}
