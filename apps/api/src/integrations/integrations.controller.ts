import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ClientIp, CurrentTenant, Roles } from '../common/auth/auth.decorators.js';
import type { TenantPrincipal } from '../common/auth/principal.js';
import { credentialInputOpenApiSchema, IntegrationDto, IntegrationListDto, ProviderParamDto } from './integrations.dto.js';
import { IntegrationsService } from './integrations.service.js';

@ApiBearerAuth()
@Controller('v1/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @ZodResponse({ type: IntegrationListDto })
  async list(@CurrentTenant() principal: TenantPrincipal) {
    return { items: await this.integrations.list(principal) };
  }

  @Get(':provider')
  @ZodResponse({ type: IntegrationDto })
  get(@CurrentTenant() principal: TenantPrincipal, @Param() params: ProviderParamDto) {
    return this.integrations.get(principal, params.provider);
  }

  // The body's schema depends on the provider, so the service validates it.
  @Roles('owner', 'admin')
  @Put(':provider')
  @ApiBody({ description: 'The provider\'s { secrets, config }; secrets are write-only', schema: credentialInputOpenApiSchema })
  @ZodResponse({ type: IntegrationDto })
  save(@CurrentTenant() principal: TenantPrincipal, @Param() params: ProviderParamDto, @Body() body: unknown, @ClientIp() ip: string) {
    return this.integrations.save(principal, params.provider, body, ip);
  }

  @Roles('owner', 'admin')
  @Delete(':provider')
  @HttpCode(204)
  async remove(@CurrentTenant() principal: TenantPrincipal, @Param() params: ProviderParamDto, @ClientIp() ip: string): Promise<void> {
    await this.integrations.remove(principal, params.provider, ip);
  }
}
