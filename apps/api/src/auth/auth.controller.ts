import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiResponse } from '@nestjs/swagger';
import { REFRESH_NO_SESSION_STATUS, tokenResponseSchema, type TokenResponse } from '@prixagent/contracts';
import { ZodResponse, ZodSerializerDto } from 'nestjs-zod';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { ClientIp, LoginRateLimited, Public } from '../common/auth/auth.decorators.js';
import { LoginDto, TokenResponseDto } from './auth.dto.js';
import { AuthService, type IssuedSession } from './auth.service.js';
import { clearRefreshCookie, readRefreshCookie, respondWithSession } from './refresh-cookie.js';

@Controller('v1/auth')
export class AuthController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly auth: AuthService,
    @Inject(ENV) env: Env,
  ) {
    this.secureCookie = env.COOKIE_SECURE ?? true;
  }

  @Public()
  @LoginRateLimited()
  @Post('login')
  @ZodResponse({ status: 200, type: TokenResponseDto })
  async login(@Body() body: LoginDto, @ClientIp() ip: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.withCookie(reply, await this.auth.login(body.email, body.password, ip));
  }

  @Public()
  @LoginRateLimited()
  @Post('admin/login')
  @ZodResponse({ status: 200, type: TokenResponseDto })
  async adminLogin(@Body() body: LoginDto, @ClientIp() ip: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.withCookie(reply, await this.auth.adminLogin(body.email, body.password, ip));
  }

  // Not login-limited: every page load of a dashboard restores its session
  // here, and a refresh token is 256 random bits, so there is nothing to guess
  // at a login's pace. The default per-client limit still applies.
  // Without a cookie there is no session to restore, which is no error: 204,
  // so a signed-out page load leaves no 401 in the browser's console.
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ZodSerializerDto(tokenResponseSchema.optional())
  @ApiResponse({ status: 200, description: 'A new access token; the rotated refresh token is in the cookie', type: TokenResponseDto.Output })
  @ApiResponse({ status: REFRESH_NO_SESSION_STATUS, description: 'No refresh cookie: there is no session to restore' })
  async refresh(@Req() request: FastifyRequest, @ClientIp() ip: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse | undefined> {
    const session = await this.auth.refresh(readRefreshCookie(request), ip);
    if (!session) {
      void reply.status(REFRESH_NO_SESSION_STATUS);
      return undefined;
    }
    return this.withCookie(reply, session);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(readRefreshCookie(request));
    clearRefreshCookie(reply, this.secureCookie);
  }

  private withCookie(reply: FastifyReply, session: IssuedSession) {
    return respondWithSession(reply, session, this.secureCookie);
  }
}
