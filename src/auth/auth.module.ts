import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ServicesModule } from '../services/services.module';
import { AccessTokenVerifier } from './access-tokens';
import { AccountsController, ApiKeysController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { AuthThrottle } from './auth-throttle';
import { BasicAuthGuard } from './basic-auth.guard';
import { BootstrapService } from './bootstrap.service';
import { CredentialsService } from './credentials.service';

@Module({
  imports: [ServicesModule],
  controllers: [AccountsController, ApiKeysController],
  providers: [
    AccountsRepository,
    AccountsService,
    CredentialsService,
    AuthThrottle,
    AccessTokenVerifier,
    BootstrapService,
    BasicAuthGuard,
    { provide: APP_GUARD, useExisting: BasicAuthGuard },
  ],
  exports: [AccountsService, CredentialsService, AccessTokenVerifier, BasicAuthGuard, AuthThrottle],
})
export class AuthModule {}
