import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { legacyListBody, pageRequest } from '../common/paging';
import { pathSid } from '../common/path-sid';
import { CurrentList, CurrentPrincipal, type ListLocation, type Principal, type RouterRequest } from '../common/request-context';
import { SidPrefix } from '../common/sid';
import { dateSidKey } from '../prisma/keyset';
import { accountResource, keyResource, newKeyResource } from './accounts.mapper';
import { AccountsService } from './accounts.service';
import { CreateAccountDto, CreateKeyDto, ListAccountsQuery, ListKeysQuery, UpdateAccountDto, UpdateKeyDto } from './auth.dto';

const path = (req: RouterRequest) => req.url.split('?')[0];

/** /2010-04-01/Accounts: the caller and its subaccounts. */
@Controller('2010-04-01')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('Accounts.json')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateAccountDto) {
    const account = await this.accounts.createSubaccount(principal, dto.friendlyName);
    return accountResource(account, account.authToken);
  }

  @Get('Accounts.json')
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListAccountsQuery, @CurrentList() location: ListLocation) {
    const req = pageRequest(query, 1000, 2);
    const slice = await this.accounts.list(principal, { friendlyName: query.friendlyName, status: query.status }, req);
    return legacyListBody({ key: 'accounts', location, req, slice, map: (a) => accountResource(a), cursorOf: dateSidKey });
  }

  @Get('Accounts/:Sid.json')
  async fetch(@CurrentPrincipal() principal: Principal, @Param('Sid') sid: string, @Req() req: RouterRequest) {
    return accountResource(await this.accounts.fetch(principal, pathSid(sid, SidPrefix.Account, path(req)), path(req)));
  }

  @Post('Accounts/:Sid.json')
  @HttpCode(200)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('Sid') sid: string,
    @Body() dto: UpdateAccountDto,
    @Req() req: RouterRequest,
  ) {
    const account = await this.accounts.update(principal, pathSid(sid, SidPrefix.Account, path(req)), dto, path(req));
    return accountResource(account);
  }
}

/** /2010-04-01/Accounts/{AccountSid}/Keys: API keys; the secret is returned once, at creation. */
@Controller('2010-04-01/Accounts/:AccountSid')
export class ApiKeysController {
  constructor(private readonly accounts: AccountsService) {}

  private owner(principal: Principal, accountSid: string, req: RouterRequest): Promise<string> {
    return this.accounts.keyOwner(principal, pathSid(accountSid, SidPrefix.Account, path(req)), path(req));
  }

  @Post('Keys.json')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Body() dto: CreateKeyDto,
    @Req() req: RouterRequest,
  ) {
    const owner = await this.owner(principal, accountSid, req);
    return newKeyResource(await this.accounts.createKey(owner, dto.friendlyName, dto.keyType));
  }

  @Get('Keys.json')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Query() query: ListKeysQuery,
    @CurrentList() location: ListLocation,
    @Req() req: RouterRequest,
  ) {
    const owner = await this.owner(principal, accountSid, req);
    const page = pageRequest(query, 1000, 2);
    const slice = await this.accounts.listKeys(owner, page);
    return legacyListBody({ key: 'keys', location, req: page, slice, map: keyResource, cursorOf: dateSidKey });
  }

  @Get('Keys/:Sid.json')
  async fetch(
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Param('Sid') sid: string,
    @Req() req: RouterRequest,
  ) {
    const owner = await this.owner(principal, accountSid, req);
    return keyResource(await this.accounts.fetchKey(owner, pathSid(sid, SidPrefix.ApiKey, path(req)), path(req)));
  }

  @Post('Keys/:Sid.json')
  @HttpCode(200)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Param('Sid') sid: string,
    @Body() dto: UpdateKeyDto,
    @Req() req: RouterRequest,
  ) {
    const owner = await this.owner(principal, accountSid, req);
    return keyResource(await this.accounts.updateKey(owner, pathSid(sid, SidPrefix.ApiKey, path(req)), dto.friendlyName, path(req)));
  }

  @Delete('Keys/:Sid.json')
  @HttpCode(204)
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Param('Sid') sid: string,
    @Req() req: RouterRequest,
  ) {
    const owner = await this.owner(principal, accountSid, req);
    await this.accounts.deleteKey(owner, pathSid(sid, SidPrefix.ApiKey, path(req)), path(req));
  }
}
