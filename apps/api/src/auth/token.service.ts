import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { UnauthorizedError } from '../common/errors/domain-error.js';
import type { Role } from '@prixagent/contracts';

export const ADMIN_SUBJECT = 'platform_admin';

/**
 * `cst` is a credentials stamp: for the operator, of ADMIN_EMAIL and
 * ADMIN_PASSWORD (checked here); for a user, of its password hash (checked by
 * the auth guard, which reads the user anyway). A changed password therefore
 * ends every access token issued before it, at once.
 */
export type AccessClaims =
  | { kind: 'user'; sub: string; acc: string; role: Role; email: string; cst: string }
  | { kind: 'platform_admin'; sub: 'platform_admin'; email: string; cst: string };

/**
 * HS256 access tokens. The secret is a KeyObject: with a plain string
 * jsonwebtoken first tries to parse it as a public key on every verify (~320 µs).
 */
@Injectable()
export class TokenService {
  private readonly key: KeyObject;
  readonly ttlSeconds: number;
  /**
   * A keyed stamp of the operator's credentials, carried by operator tokens:
   * changing ADMIN_EMAIL or ADMIN_PASSWORD in .env ends every operator session.
   * Keyed with JWT_SECRET so the stamp is no offline oracle for the password.
   */
  readonly adminStamp: string;

  constructor(@Inject(ENV) private readonly env: Env) {
    this.key = createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8'));
    this.ttlSeconds = env.ACCESS_TOKEN_TTL_SECONDS;
    this.adminStamp = createHmac('sha256', env.JWT_SECRET).update(`${env.ADMIN_EMAIL}\0${env.ADMIN_PASSWORD}`).digest('hex').slice(0, 16);
  }

  /**
   * A user's credentials stamp: keyed like the operator's, over the user id and
   * the current password hash (argon2id with a fresh salt, so every password
   * change gives a new stamp, even back to an earlier password).
   */
  userStamp(userId: string, passwordHash: string): string {
    return createHmac('sha256', this.env.JWT_SECRET).update(`user\0${userId}\0${passwordHash}`).digest('hex').slice(0, 16);
  }

  /**
   * The subject stored with operator refresh tokens and realtime tickets: it
   * names the credentials stamp, so one issued before ADMIN_EMAIL or
   * ADMIN_PASSWORD changed admits nobody.
   */
  get adminSubject(): string {
    return `${ADMIN_SUBJECT}:${this.adminStamp}`;
  }

  sign(claims: AccessClaims): string {
    const { sub, ...rest } = claims;
    return jwt.sign({ ...rest, typ: 'access' }, this.key, {
      algorithm: 'HS256',
      expiresIn: this.ttlSeconds,
      issuer: this.env.JWT_ISSUER,
      audience: this.env.JWT_AUDIENCE,
      subject: sub,
    });
  }

  verify(token: string): AccessClaims {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.env.JWT_ISSUER,
        audience: this.env.JWT_AUDIENCE,
      });
    } catch (e) {
      const expired = e instanceof jwt.TokenExpiredError;
      throw new UnauthorizedError(expired ? 'Access token expired' : 'Invalid access token', expired ? 'token_expired' : 'invalid_token');
    }
    if (typeof payload === 'string') throw new UnauthorizedError('Invalid access token', 'invalid_token');
    // Claims are untrusted input until each one is checked.
    const claims: Record<string, unknown> = payload;
    const sub = claims['sub'];
    if (claims['typ'] !== 'access' || typeof sub !== 'string') throw new UnauthorizedError('Invalid access token', 'invalid_token');
    const email = typeof claims['email'] === 'string' ? claims['email'] : '';
    if (claims['kind'] === 'platform_admin') {
      if (claims['cst'] !== this.adminStamp) throw sessionRevoked('The operator credentials changed; sign in again');
      return { kind: 'platform_admin', sub: 'platform_admin', email, cst: this.adminStamp };
    }
    const role = claims['role'];
    const acc = claims['acc'];
    if (claims['kind'] !== 'user' || typeof acc !== 'string' || (role !== 'owner' && role !== 'admin' && role !== 'member')) {
      throw new UnauthorizedError('Invalid access token', 'invalid_token');
    }
    // A token without a stamp (issued before stamps existed) matches no user's stamp: the guard refuses it and the client refreshes.
    const cst = typeof claims['cst'] === 'string' ? claims['cst'] : '';
    return { kind: 'user', sub, acc, role, email, cst };
  }
}

/** The session was ended on purpose (credentials changed, or revoked): a refresh will not bring it back. */
export function sessionRevoked(message = 'This session was ended (the password was changed or the session revoked); sign in again'): UnauthorizedError {
  return new UnauthorizedError(message, 'session_revoked');
}

/** The user behind the session was removed from its account. */
export function userRemoved(): UnauthorizedError {
  return new UnauthorizedError('This user was removed from the account; sign in with another one', 'user_removed');
}
