import { Global, Module } from '@nestjs/common';
import { OutboundPolicy } from '../common/outbound-policy';
import { AppConfig } from './app-config';

@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => AppConfig.fromEnv() },
    /** Where requests on behalf of accounts may go (OUTBOUND_ALLOW_HOSTS), shared by every sender. */
    { provide: OutboundPolicy, inject: [AppConfig], useFactory: (config: AppConfig) => new OutboundPolicy(config.outboundAllowHosts) },
  ],
  exports: [AppConfig, OutboundPolicy],
})
export class ConfigModule {}
