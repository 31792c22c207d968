import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { userSyncSids } from '../events/sync-sids';
import { UpdateUserDto } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { ChatAccess } from './chat-api.access';
import { type AimCall, jsonBody, ok, validBody } from './chat-api.call';
import { userJson } from './chat-api.mapper';

/** `{users}/{identity}`: fetch (A28, any user of the service) and update (A26, A27: own user, or editAnyUserInfo). */
@Injectable()
export class UsersHandlers {
  constructor(
    private readonly users: UsersService,
    private readonly access: ChatAccess,
  ) {}

  async fetch(call: AimCall) {
    const user = await this.users.fetch(call.scope, call.params.user);
    return ok(userJson(user, call.links, userSyncSids(user.sid).info));
  }

  async update(call: AimCall) {
    const identity = call.params.user;
    const dto = validBody(UpdateUserDto, jsonBody(call), { friendly_name: 'FriendlyName', attributes: 'Attributes' });
    if (dto.friendlyName === undefined && dto.attributes === undefined) throw Errors.noParametersForUpdate();
    await this.access.require(call, identity === call.session.identity ? 'editOwnUserInfo' : 'editAnyUserInfo');
    const user = await this.users.update(call.scope, identity, dto, call.ctx);
    return ok(userJson(user, call.links, userSyncSids(user.sid).info));
  }
}
