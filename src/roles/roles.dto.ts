import { PageQuery } from '../common/paging';
import { TwilioParam } from '../common/params/twilio-param.decorator';
import { OneOf, Required, Text, TextList } from '../common/params/validators';
import type { RoleType } from '../services/default-roles';
import { ROLE_TYPES } from './permissions';

/** Role limits from Twilio's documentation (FriendlyName) and a bound on the permission list. */
export const ROLE_LIMITS = { friendlyNameLength: 64, permissions: 64, permissionLength: 64 } as const;

export class CreateRoleDto {
  @TwilioParam('FriendlyName')
  @Required({ code: 50000, message: 'FriendlyName is required' })
  @Text(ROLE_LIMITS.friendlyNameLength, { code: 50003 })
  friendlyName!: string;

  @TwilioParam('Type')
  @Required({ code: 50105, message: 'Type is required: conversation or service' })
  @OneOf(ROLE_TYPES, { code: 50105 })
  type!: RoleType;

  @TwilioParam('Permission', { array: true })
  @Required({ message: 'Permission is required: repeat the parameter once per permission' })
  @TextList(ROLE_LIMITS.permissions, ROLE_LIMITS.permissionLength)
  permissions!: string[];
}

export class UpdateRoleDto {
  @TwilioParam('Permission', { array: true })
  @Required({ message: 'Permission is required: repeat the parameter once per permission; it replaces the whole set' })
  @TextList(ROLE_LIMITS.permissions, ROLE_LIMITS.permissionLength)
  permissions!: string[];
}

export class ListRolesQuery extends PageQuery {}
