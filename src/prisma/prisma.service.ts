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
      adapter: new PrismaPg(pool, { statementNameGenerator: (query) => statementName(query.sql) }),
    });
  }
}

const names = new Map<string, string>();

/** A stable prepared-statement name per SQL text (shared by Prisma and SqlRunner). */
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `q${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (names.size < 10_000) names.set(sql, name);
  }
  return name;
}
