import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AccountsService } from './accounts.service';

/** BOOTSTRAP_ACCOUNT_SID + BOOTSTRAP_AUTH_TOKEN: that account exists with that token once the router is up. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly accounts: AccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const account = this.config.bootstrapAccount;
    if (account) await this.accounts.bootstrap(account.sid, account.authToken);
  }
}
