import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
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
  @Public()
  @Post('refresh')
  @ZodResponse({ status: 200, type: TokenResponseDto })
  async refresh(@Req() request: FastifyRequest, @ClientIp() ip: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.withCookie(reply, await this.auth.refresh(readRefreshCookie(request), ip));
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
