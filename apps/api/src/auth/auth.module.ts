import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { TokenService } from './token.service.js';

@Module({
  controllers: [AuthController],
  providers: [AuthService, AuthRepository, AuthGuard, LoginThrottleRepository, LoginThrottleService, PasswordService, RefreshTokenRepository, TokenService],
  exports: [AuthService, AuthGuard, AuthRepository, PasswordService, RefreshTokenRepository, TokenService],
})
export class AuthModule {}
