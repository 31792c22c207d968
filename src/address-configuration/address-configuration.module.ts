import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ServicesModule } from '../services/services.module';
import { AddressConfigurationController } from './address-configuration.controller';
import { AddressConfigurationMapper } from './address-configuration.mapper';
import { AddressConfigurationRepository } from './address-configuration.repository';
import { AddressConfigurationService } from './address-configuration.service';
import { ProxyAddressConflictsReport } from './proxy-address-conflicts.report';
import { ProxyAddressOwnership } from './proxy-address-ownership';
import { ProxyAddressesController } from './proxy-addresses.controller';
import { ProxyAddressesRepository } from './proxy-addresses.repository';
import { ProxyAddressesService } from './proxy-addresses.service';

@Module({
  imports: [ServicesModule, AuthModule],
  controllers: [AddressConfigurationController, ProxyAddressesController],
  providers: [
    AddressConfigurationRepository,
    AddressConfigurationService,
    AddressConfigurationMapper,
    ProxyAddressesService,
    ProxyAddressesRepository,
    ProxyAddressOwnership,
    ProxyAddressConflictsReport,
  ],
  exports: [AddressConfigurationRepository, ProxyAddressOwnership],
})
export class AddressConfigurationModule {}
