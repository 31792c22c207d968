import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal } from '../common/request-context';
import { dateSidKey } from '../prisma/keyset';
import { CreateAddressConfigurationDto, ListAddressConfigurationsQuery, UpdateAddressConfigurationDto } from './address-configuration.dto';
import { AddressConfigurationMapper } from './address-configuration.mapper';
import { AddressConfigurationService } from './address-configuration.service';

/** /v1/Configuration/Addresses; `{Sid}` is an IG SID or the address itself. */
@Controller('v1/Configuration/Addresses')
export class AddressConfigurationController {
  constructor(
    private readonly configurations: AddressConfigurationService,
    private readonly mapper: AddressConfigurationMapper,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateAddressConfigurationDto) {
    return this.mapper.configuration(await this.configurations.create(principal.accountSid, dto));
  }

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListAddressConfigurationsQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.configurations.list(principal.accountSid, query.type, req);
    return listBody({
      key: 'address_configurations',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (c) => this.mapper.configuration(c),
      cursorOf: dateSidKey,
    });
  }

  @Get(':Sid')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Sid') id: string) {
    return this.mapper.configuration(await this.configurations.fetch(principal.accountSid, id));
  }

  @Post(':Sid')
  @HttpCode(200)
  async update(@CurrentPrincipal() principal: Principal, @Param('Sid') id: string, @Body() dto: UpdateAddressConfigurationDto) {
    return this.mapper.configuration(await this.configurations.update(principal.accountSid, id, dto));
  }

  @Delete(':Sid')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('Sid') id: string): Promise<void> {
    await this.configurations.delete(principal.accountSid, id);
  }
}
