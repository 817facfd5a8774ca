import { z } from 'zod';

/**
 * The realtime channel: a browser trades its access token for a one-time
 * ticket over HTTP, then opens `wss://<host>/ws?ticket=<ticket>` within
 * REALTIME_TICKET_TTL_SECONDS. Browsers cannot set headers on a WebSocket, so
 * the short-lived, single-use ticket in the URL stands in for the bearer token.
 */
export const REALTIME_PATH = '/ws';
export const REALTIME_TICKET_TTL_SECONDS = 30;
/** Largest message a client may send, in bytes; past it the server closes with 1009. */
export const REALTIME_MAX_CLIENT_MESSAGE_BYTES = 4096;

/**
 * Close codes. The 44xx codes mirror HTTP 401/403 so a browser, which cannot
 * read an HTTP status of a failed handshake, can still tell why it was refused.
 */
export const realtimeCloseCodes = {
  /** The server is shutting down or restarting: reconnect with a new ticket after a pause. */
  goingAway: 1001,
  /** A message larger than REALTIME_MAX_CLIENT_MESSAGE_BYTES. */
  messageTooBig: 1009,
  /** The server could not admit the socket (e.g. database unreachable): retry with a new ticket. */
  internalError: 1011,
  /** Ticket missing, malformed, unknown, expired or already used; or the user was removed. Get a new ticket (sign in again if that fails). */
  unauthorized: 4401,
  /** Origin not allowed, or the account is suspended or closed. Do not reconnect. */
  forbidden: 4403,
} as const;
export type RealtimeCloseCode = (typeof realtimeCloseCodes)[keyof typeof realtimeCloseCodes];

/** The close frame's reason text, machine-readable like the HTTP error codes. */
export const realtimeCloseReasonSchema = z.enum([
  // 4401
  'invalid_ticket',
  'session_ended',
  // 4403
  'origin_not_allowed',
  'account_suspended',
  'account_cancelled',
  // 1001
  'server_shutdown',
  // 1011
  'internal_error',
]);
export type RealtimeCloseReason = z.infer<typeof realtimeCloseReasonSchema>;

export const realtimeTicketResponseSchema = z.object({
  /** Single use; valid until expiresAt. Pass it as `?ticket=` on /ws. */
  ticket: z.string(),
  expiresAt: z.string(),
});
export type RealtimeTicketResponse = z.infer<typeof realtimeTicketResponseSchema>;

/** Tenant users join `account:<accountId>`; the operator joins `platform`. */
export const realtimeRoomSchema = z.union([z.literal('platform'), z.string().regex(/^account:[0-9a-f-]{36}$/)]);

export const realtimeWelcomeSchema = z.object({
  type: z.literal('welcome'),
  data: z.object({
    connectionId: z.string(),
    room: realtimeRoomSchema,
    accountId: z.string().nullable(),
    userId: z.string().nullable(),
    role: z.enum(['owner', 'admin', 'member', 'platform_admin']),
    /** The server pings at this interval (protocol-level); a socket that misses a pong is dropped. */
    heartbeatSeconds: z.number().int(),
  }),
});
export type RealtimeWelcome = z.infer<typeof realtimeWelcomeSchema>;

export const realtimePongSchema = z.object({ type: z.literal('pong') });

export const realtimeErrorCodeSchema = z.enum(['invalid_json', 'invalid_message', 'unknown_type']);
export const realtimeErrorSchema = z.object({
  type: z.literal('error'),
  data: z.object({ code: realtimeErrorCodeSchema, message: z.string() }),
});
export type RealtimeError = z.infer<typeof realtimeErrorSchema>;

/**
 * Event types are dotted (`call.status`, `integration.updated`), so they never
 * collide with the protocol's own messages (welcome, pong, error).
 */
export const realtimeEventTypeSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, { message: 'must be dotted lower-case words, e.g. call.status' });
export const realtimeEventSchema = z.object({
  type: realtimeEventTypeSchema,
  data: z.record(z.string(), z.unknown()),
});
export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;

/** Everything the server sends. */
export const realtimeServerMessageSchema = z.union([realtimeWelcomeSchema, realtimePongSchema, realtimeErrorSchema, realtimeEventSchema]);
export type RealtimeServerMessage = z.infer<typeof realtimeServerMessageSchema>;

/** Everything a client may send: today only an application-level ping (browsers cannot send protocol pings). */
export const realtimeClientMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ping') }).strict()]);
export type RealtimeClientMessage = z.infer<typeof realtimeClientMessageSchema>;
export const realtimeClientMessageTypes: readonly string[] = realtimeClientMessageSchema.options.map((o) => o.shape.type.value);
