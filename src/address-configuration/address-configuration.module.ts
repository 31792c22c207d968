import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { AddressConfigurationController } from './address-configuration.controller';
import { AddressConfigurationMapper } from './address-configuration.mapper';
import { AddressConfigurationRepository } from './address-configuration.repository';
import { AddressConfigurationService } from './address-configuration.service';
import { ProxyAddressesController } from './proxy-addresses.controller';
import { ProxyAddressesRepository } from './proxy-addresses.repository';
import { ProxyAddressesService } from './proxy-addresses.service';

@Module({
  imports: [ServicesModule],
  controllers: [AddressConfigurationController, ProxyAddressesController],
  providers: [
    AddressConfigurationRepository,
    AddressConfigurationService,
    AddressConfigurationMapper,
    ProxyAddressesService,
    ProxyAddressesRepository,
  ],
  exports: [AddressConfigurationRepository],
})
export class AddressConfigurationModule {}
