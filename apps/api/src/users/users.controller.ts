import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ENV } from '../config/config.module.js';
import type { Env } from '../config/env.schema.js';
import { AcceptInviteDto, ChangePasswordDto, InspectInviteDto, InspectInviteResponseDto, TokenResponseDto } from '../auth/auth.dto.js';
import { respondWithSession } from '../auth/refresh-cookie.js';
import { ClientIp, CurrentTenant, LoginRateLimited, Public, Roles } from '../common/auth/auth.decorators.js';
import type { TenantPrincipal } from '../common/auth/principal.js';
import { IdParamDto, InviteCreatedDto, InviteMemberDto, MeResponseDto, MemberDto, TeamResponseDto, UpdateProfileDto, UpdateRoleDto, toMember } from './users.dto.js';
import { UsersService } from './users.service.js';

@Controller('v1')
export class UsersController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly users: UsersService,
    @Inject(ENV) env: Env,
  ) {
    this.secureCookie = env.COOKIE_SECURE ?? true;
  }

  @ApiBearerAuth()
  @Get('me')
  @ZodResponse({ type: MeResponseDto })
  async me(@CurrentTenant() principal: TenantPrincipal) {
    const { user, account } = await this.users.me(principal);
    return { user: toMember(user), account: { id: account.id, name: account.name, slug: account.slug, status: account.status, plan: account.plan } };
  }

  // Tenant users only: the operator's profile lives in .env (ADMIN_EMAIL) and is read-only, so an operator token gets the guard's 403 `tenant_users_only`.
  @ApiBearerAuth()
  @Patch('me')
  @ZodResponse({ type: MemberDto })
  async updateProfile(@CurrentTenant() principal: TenantPrincipal, @Body() body: UpdateProfileDto, @ClientIp() ip: string) {
    return toMember(await this.users.updateProfile(principal, body, ip));
  }

  @ApiBearerAuth()
  @Get('team')
  @ZodResponse({ type: TeamResponseDto })
  async team(@CurrentTenant() principal: TenantPrincipal) {
    const { members, invites } = await this.users.team(principal);
    return {
      members: members.map(toMember),
      pendingInvites: invites.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() })),
    };
  }

  @ApiBearerAuth()
  @Roles('owner', 'admin')
  @Post('team/invites')
  @ZodResponse({ status: 201, type: InviteCreatedDto })
  async invite(@CurrentTenant() principal: TenantPrincipal, @Body() body: InviteMemberDto, @ClientIp() ip: string) {
    const { invite, token, url } = await this.users.inviteMember(principal, body, ip);
    return { id: invite.id, email: invite.email, role: invite.role, token, url, expiresAt: invite.expiresAt.toISOString() };
  }

  @ApiBearerAuth()
  @Roles('owner', 'admin')
  @Delete('team/invites/:id')
  @HttpCode(204)
  async revokeInvite(@CurrentTenant() principal: TenantPrincipal, @Param() params: IdParamDto, @ClientIp() ip: string): Promise<void> {
    await this.users.revokeInvite(principal, params.id, ip);
  }

  @ApiBearerAuth()
  @Roles('owner', 'admin')
  @Patch('team/members/:id')
  @ZodResponse({ type: MemberDto })
  async updateRole(@CurrentTenant() principal: TenantPrincipal, @Param() params: IdParamDto, @Body() body: UpdateRoleDto, @ClientIp() ip: string) {
    return toMember(await this.users.updateRole(principal, params.id, body.role, ip));
  }

  @ApiBearerAuth()
  @Roles('owner', 'admin')
  @Delete('team/members/:id')
  @HttpCode(204)
  async removeMember(@CurrentTenant() principal: TenantPrincipal, @Param() params: IdParamDto, @ClientIp() ip: string): Promise<void> {
    await this.users.removeMember(principal, params.id, ip);
  }

  // Login-limited like accept: each call tries a token, so guessing pays the same price on both.
  @Public()
  @LoginRateLimited()
  @Post('auth/invites/inspect')
  @ZodResponse({ status: 200, type: InspectInviteResponseDto })
  async inspectInvite(@Body() body: InspectInviteDto) {
    const invite = await this.users.inspectInvite(body.token);
    return { accountName: invite.accountName, email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
  }

  @Public()
  @LoginRateLimited()
  @Post('auth/invites/accept')
  @ZodResponse({ status: 200, type: TokenResponseDto })
  async acceptInvite(@Body() body: AcceptInviteDto, @ClientIp() ip: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return respondWithSession(reply, await this.users.acceptInvite(body, ip), this.secureCookie);
  }

  // Answers a fresh session (body and cookie), as a login does: every earlier token of the user, this one's included, has stopped working.
  @ApiBearerAuth()
  @Post('auth/password')
  @ZodResponse({ status: 200, type: TokenResponseDto })
  async changePassword(
    @CurrentTenant() principal: TenantPrincipal,
    @Body() body: ChangePasswordDto,
    @ClientIp() ip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return respondWithSession(reply, await this.users.changePassword(principal, body, ip), this.secureCookie);
  }
}
