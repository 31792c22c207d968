import { Inject, Injectable } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { PG_POOL } from './pg-pool';

@Injectable()
export class PrismaService extends PrismaClient {
  constructor(@Inject(PG_POOL) pool: Pool) {
    super({
      // Named statements are prepared once per connection and their plans reused: planning the
      // message insert costs about as much as running it. The set of distinct statements is small.
      adapter: new PrismaPg(pool, { statementNameGenerator: (query) => preparedStatement(query.sql).name }),
    });
  }
}

const statements = new Map<string, { name: string; text: string }>();

/**
 * A stable prepared-statement name per SQL text (shared by Prisma and SqlRunner), with the text
 * itself as first seen: handing pg that same string lets it check "same name, same text" by
 * identity instead of comparing kilobytes on every run.
 */
export function preparedStatement(sql: string): { name: string; text: string } {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = { name: `q${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`, text: sql };
    if (statements.size < 10_000) statements.set(sql, statement);
  }
  return statement;
}
