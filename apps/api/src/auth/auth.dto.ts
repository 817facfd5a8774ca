import { createZodDto } from 'nestjs-zod';
import {
  acceptInviteRequestSchema,
  changePasswordRequestSchema,
  inspectInviteRequestSchema,
  inspectInviteResponseSchema,
  loginRequestSchema,
  tokenResponseSchema,
} from '@prixagent/contracts';

export class LoginDto extends createZodDto(loginRequestSchema) {}
export class TokenResponseDto extends createZodDto(tokenResponseSchema) {}
export class ChangePasswordDto extends createZodDto(changePasswordRequestSchema) {}
export class AcceptInviteDto extends createZodDto(acceptInviteRequestSchema) {}
export class InspectInviteDto extends createZodDto(inspectInviteRequestSchema) {}
export class InspectInviteResponseDto extends createZodDto(inspectInviteResponseSchema) {}
