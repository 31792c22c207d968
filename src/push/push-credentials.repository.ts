import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { newSid, SidPrefix } from '../common/sid';
import type { Prisma } from '../generated/prisma/client';
import { sqlState } from '../prisma/database-errors';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { PushCredentialRecord, PushCredentialSecrets, PushCredentialType } from './push.types';

/** Everything but `secrets`: the column is written here and never read back into a record. */
const CREDENTIAL_FIELDS = {
  sid: true,
  accountSid: true,
  friendlyName: true,
  type: true,
  sandbox: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

type CredentialRow = Omit<PushCredentialRecord, 'type'> & { type: string };
const toRecord = (row: CredentialRow): PushCredentialRecord => ({ ...row, type: row.type as PushCredentialType });

/**
 * Prisma's errors can quote the arguments of the failed call, secrets included: a failed write is
 * rethrown with its SQLSTATE only, so that the 500 handler logs nothing secret.
 */
function withoutArguments(err: unknown): Error {
  const state = sqlState(err);
  return new Error(`push credential write failed (SQLSTATE ${state ?? 'unknown'})`, { cause: state ? { code: state } : undefined });
}

@Injectable()
export class PushCredentialsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(
    accountSid: string,
    credential: { friendlyName: string | null; type: PushCredentialType; sandbox: boolean; secrets: PushCredentialSecrets },
  ): Promise<PushCredentialRecord> {
    const now = new Date();
    try {
      const row = await this.prisma.credential.create({
        data: {
          sid: newSid(SidPrefix.Credential),
          accountSid,
          friendlyName: credential.friendlyName,
          type: credential.type,
          sandbox: credential.sandbox,
          secrets: credential.secrets as Prisma.InputJsonObject,
          dateCreated: now,
          dateUpdated: now,
        },
        select: CREDENTIAL_FIELDS,
      });
      return toRecord(row);
    } catch (err) {
      throw withoutArguments(err);
    }
  }

  async find(accountSid: string, sid: string): Promise<PushCredentialRecord | null> {
    const row = await this.prisma.credential.findFirst({ where: { sid, accountSid }, select: CREDENTIAL_FIELDS });
    return row && toRecord(row);
  }

  async list(accountSid: string, page: PageRequest): Promise<PushCredentialRecord[]> {
    const rows = await this.prisma.credential.findMany({
      where: { accountSid, ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: CREDENTIAL_FIELDS,
    });
    return rows.map(toRecord);
  }

  /**
   * Updates a credential; given secrets replace the stored ones of the same name (merged in SQL, so
   * that stored secrets are never read back here). Null when there is no such credential.
   */
  async update(
    accountSid: string,
    sid: string,
    data: { friendlyName?: string | null; type?: PushCredentialType; sandbox?: boolean; secrets: PushCredentialSecrets },
  ): Promise<PushCredentialRecord | null> {
    let count: number;
    try {
      count = await this.prisma.$executeRaw`
        UPDATE credentials
           SET friendly_name = CASE WHEN ${data.friendlyName !== undefined} THEN ${data.friendlyName ?? null}::text ELSE friendly_name END,
               type = COALESCE(${data.type ?? null}::text, type),
               sandbox = COALESCE(${data.sandbox ?? null}::boolean, sandbox),
               secrets = secrets || ${JSON.stringify(data.secrets)}::jsonb,
               date_updated = now()
         WHERE sid = ${sid} AND account_sid = ${accountSid}`;
    } catch (err) {
      throw withoutArguments(err);
    }
    return count ? this.find(accountSid, sid) : null;
  }

  async delete(accountSid: string, sid: string): Promise<boolean> {
    const { count } = await this.prisma.credential.deleteMany({ where: { sid, accountSid } });
    return count > 0;
  }
}
