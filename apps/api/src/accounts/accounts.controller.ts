import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ClientIp, PlatformAdmin } from '../common/auth/auth.decorators.js';
import { IdParamDto } from '../users/users.dto.js';
import {
  AccountDto,
  AccountPageDto,
  CloseAccountDto,
  CreateAccountDto,
  CreateAccountResponseDto,
  InviteLinkDto,
  ListAccountsQueryDto,
  ReissueOwnerInviteDto,
  toAccount,
} from './accounts.dto.js';
import { AccountsService } from './accounts.service.js';

@ApiBearerAuth()
@PlatformAdmin()
@Controller('v1/admin/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ZodResponse({ status: 201, type: CreateAccountResponseDto })
  async create(@Body() body: CreateAccountDto, @ClientIp() ip: string) {
    const { account, invite } = await this.accounts.create(body, ip);
    return {
      account: toAccount(account),
      ownerInvite: { email: invite.invite.email, role: invite.invite.role, token: invite.token, url: invite.url, expiresAt: invite.invite.expiresAt.toISOString() },
    };
  }

  @Get()
  @ZodResponse({ type: AccountPageDto })
  async list(@Query() query: ListAccountsQueryDto) {
    const page = await this.accounts.list(query);
    return { items: page.items.map(toAccount), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ZodResponse({ type: AccountDto })
  async get(@Param() params: IdParamDto) {
    return toAccount(await this.accounts.get(params.id));
  }

  @Post(':id/suspend')
  @ZodResponse({ status: 200, type: AccountDto })
  async suspend(@Param() params: IdParamDto, @ClientIp() ip: string) {
    return toAccount(await this.accounts.suspend(params.id, ip));
  }

  @Post(':id/reactivate')
  @ZodResponse({ status: 200, type: AccountDto })
  async reactivate(@Param() params: IdParamDto, @ClientIp() ip: string) {
    return toAccount(await this.accounts.reactivate(params.id, ip));
  }

  @Post(':id/cancel')
  @ZodResponse({ status: 200, type: AccountDto })
  async cancel(@Param() params: IdParamDto, @ClientIp() ip: string) {
    return toAccount(await this.accounts.cancel(params.id, ip));
  }

  @Post(':id/owner-invite')
  @ZodResponse({ status: 201, type: InviteLinkDto })
  async reissueOwnerInvite(@Param() params: IdParamDto, @Body() body: ReissueOwnerInviteDto, @ClientIp() ip: string) {
    const { invite, token, url } = await this.accounts.reissueOwnerInvite(params.id, body.email, ip);
    return { email: invite.email, role: invite.role, token, url, expiresAt: invite.expiresAt.toISOString() };
  }

  @Post(':id/close')
  @ZodResponse({ status: 200, type: AccountDto })
  async close(@Param() params: IdParamDto, @Body() body: CloseAccountDto, @ClientIp() ip: string) {
    return toAccount(await this.accounts.close(params.id, body.confirmSlug, ip));
  }
}
