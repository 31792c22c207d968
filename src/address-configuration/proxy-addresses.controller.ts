import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal } from '../common/request-context';
import { isoDate } from '../common/wire-format';
import { CreateProxyAddressDto, ListProxyAddressesQuery, UpdateProxyAddressDto } from './proxy-addresses.dto';
import { ProxyAddressesService, type ProxyAddressRecord } from './proxy-addresses.service';

/** /router/v1/ProxyAddresses: the proxy addresses an account owns, and the router's settings of each (carrier, send rate). */
@Controller('router/v1/ProxyAddresses')
export class ProxyAddressesController {
  constructor(
    private readonly proxyAddresses: ProxyAddressesService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateProxyAddressDto) {
    return this.resource(await this.proxyAddresses.create(principal.accountSid, dto));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListProxyAddressesQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 100, 2);
    const slice = await this.proxyAddresses.list(principal.accountSid, req);
    return listBody({
      key: 'proxy_addresses',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (p) => this.resource(p),
      cursorOf: (p) => [p.dateCreated.toISOString(), p.address],
    });
  }

  @Get(':Address')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Address') address: string) {
    return this.resource(await this.proxyAddresses.fetch(principal.accountSid, address));
  }

  @Post(':Address')
  @HttpCode(200)
  async update(@CurrentPrincipal() principal: Principal, @Param('Address') address: string, @Body() dto: UpdateProxyAddressDto) {
    return this.resource(await this.proxyAddresses.update(principal, address, dto));
  }

  @Delete(':Address')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('Address') address: string): Promise<void> {
    await this.proxyAddresses.delete(principal.accountSid, address);
  }

  private resource(p: ProxyAddressRecord) {
    return {
      address: p.address,
      account_sid: p.accountSid,
      channel_provider: p.channelProvider ?? this.config.channelProvider,
      send_rate: p.sendRatePerSecond ?? this.config.delivery.defaultSendRate,
      date_created: isoDate(p.dateCreated),
      date_updated: isoDate(p.dateUpdated),
      url: `${this.config.publicUrl}/router/v1/ProxyAddresses/${encodeURIComponent(p.address)}`,
    };
  }
}
