import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import type { RestApi } from '../common/resource-path';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { CreatePushCredentialDto, UpdatePushCredentialDto } from './push.dto';
import { PushCredentialsRepository } from './push-credentials.repository';
import type { PushCredentialRecord, PushCredentialSecrets } from './push.types';

/** The credential's path as the caller's API names it (/v1/Credentials or Chat's /v2/Credentials). */
const path = (sid: string, api: RestApi = 'v1') => `/${api === 'chat' ? 'v2' : 'v1'}/Credentials/${sid}`;

/** Push credentials (/v1/Credentials, /v2/Credentials): account-level; their secrets are write-only. */
@Injectable()
export class PushCredentialsService {
  constructor(private readonly credentials: PushCredentialsRepository) {}

  async create(accountSid: string, dto: CreatePushCredentialDto): Promise<PushCredentialRecord> {
    return this.credentials.insert(accountSid, {
      friendlyName: emptyToNull(dto.friendlyName),
      type: dto.type,
      sandbox: dto.sandbox ?? false,
      secrets: secretsOf(dto),
    });
  }

  async list(accountSid: string, page: PageRequest): Promise<PageSlice<PushCredentialRecord>> {
    return sliceRows(await this.credentials.list(accountSid, page), page);
  }

  async fetch(accountSid: string, sid: string, api?: RestApi): Promise<PushCredentialRecord> {
    const credential = await this.credentials.find(accountSid, this.pathSid(sid, api));
    if (!credential) throw Errors.notFound(path(sid, api));
    return credential;
  }

  async update(accountSid: string, sid: string, dto: UpdatePushCredentialDto, api?: RestApi): Promise<PushCredentialRecord> {
    const updated = await this.credentials.update(accountSid, this.pathSid(sid, api), {
      friendlyName: dto.friendlyName === undefined ? undefined : emptyToNull(dto.friendlyName),
      type: dto.type,
      sandbox: dto.sandbox,
      secrets: secretsOf(dto),
    });
    if (!updated) throw Errors.notFound(path(sid, api));
    return updated;
  }

  async delete(accountSid: string, sid: string, api?: RestApi): Promise<void> {
    if (!(await this.credentials.delete(accountSid, this.pathSid(sid, api)))) throw Errors.notFound(path(sid, api));
  }

  private pathSid(sid: string, api?: RestApi): string {
    const normalized = normalizeSid(sid);
    if (!isSid(normalized, SidPrefix.Credential)) throw Errors.notFound(path(sid, api));
    return normalized;
  }
}

/** The secret fields given (NUL characters refused: JSON storage cannot hold them). */
function secretsOf(dto: UpdatePushCredentialDto): PushCredentialSecrets {
  const secrets: PushCredentialSecrets = {};
  for (const [key, wire] of [
    ['certificate', 'Certificate'],
    ['privateKey', 'PrivateKey'],
    ['apiKey', 'ApiKey'],
    ['secret', 'Secret'],
  ] as const) {
    const value = dto[key];
    if (value === undefined) continue;
    if (value.includes('\u0000')) throw Errors.invalidParameter(`${wire} must not contain NUL characters (%00)`);
    secrets[key] = value;
  }
  return secrets;
}

const emptyToNull = (value: string | undefined) => (value === undefined || value === '' ? null : value);
