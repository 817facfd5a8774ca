import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository.js';

// Its own module so users (reads the account for /me) and accounts can share it without a cycle.
@Module({ providers: [AccountsRepository], exports: [AccountsRepository] })
export class AccountsRepositoryModule {}
