import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenResponse } from '@prixagent/contracts';
import type { IssuedSession } from './auth.service.js';

export const REFRESH_COOKIE = 'px_refresh';
// Scoped to the auth routes: the browser sends it nowhere else.
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export function setRefreshCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean): void {
  void reply.setCookie(REFRESH_COOKIE, token, { httpOnly: true, secure, sameSite: 'strict', path: REFRESH_COOKIE_PATH, expires });
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure, sameSite: 'strict', path: REFRESH_COOKIE_PATH });
}

export function readRefreshCookie(request: FastifyRequest): string | undefined {
  return request.cookies[REFRESH_COOKIE];
}

/** Puts the refresh token in its cookie and returns the body (the access token stays out of cookies). */
export function respondWithSession(reply: FastifyReply, session: IssuedSession, secure: boolean): TokenResponse {
  setRefreshCookie(reply, session.refreshToken, session.refreshExpiresAt, secure);
  return session.body;
}
