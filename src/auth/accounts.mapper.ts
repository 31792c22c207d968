import { rfc2822Date } from '../common/wire-format';
import type { AccountRecord, ApiKeyRecord } from './auth.types';

/** 2010-04-01 wire shapes: RFC 2822 dates, relative `uri`. Secrets appear only in the create answers. */
export function accountResource(a: AccountRecord, authToken: string | null = null) {
  const uri = `/2010-04-01/Accounts/${a.sid}`;
  return {
    auth_token: authToken,
    date_created: rfc2822Date(a.dateCreated),
    date_updated: rfc2822Date(a.dateUpdated),
    friendly_name: a.friendlyName,
    owner_account_sid: a.ownerAccountSid ?? a.sid,
    sid: a.sid,
    status: a.status,
    type: a.type,
    uri: `${uri}.json`,
    subresource_uris: {
      keys: `${uri}/Keys.json`,
      signing_keys: `${uri}/SigningKeys.json`,
    },
  };
}

export function keyResource(k: ApiKeyRecord) {
  return {
    sid: k.sid,
    friendly_name: k.friendlyName,
    date_created: rfc2822Date(k.dateCreated),
    date_updated: rfc2822Date(k.dateUpdated),
  };
}

export function newKeyResource(k: ApiKeyRecord & { secret: string }) {
  return { ...keyResource(k), secret: k.secret };
}
