import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Prisma } from '../generated/prisma/client';
import { PG_POOL } from './pg-pool';
import { preparedStatement } from './prisma.service';
import type { BoundStatement } from './sql-template';

/**
 * Runs one hand-written statement (built with Prisma.sql) straight on the pool under Prisma's adapter,
 * as a named prepared statement. For the hot write paths only, where Prisma's per-query client work
 * (about 0.6 ms of CPU for the message insert, measured) would halve throughput; everything else
 * goes through PrismaService.
 */
@Injectable()
export class SqlRunner {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async rows<T>(sql: Prisma.Sql): Promise<T[]> {
    const { name, text } = preparedStatement(sql.text);
    return this.run<T>({ name, text, values: sql.values as unknown[] });
  }

  /**
   * A statement planned anew on each run (an unnamed statement: no plan is kept). For statements
   * whose best plan depends on how many rows they are given or how big a table has grown (batches
   * of a variable size, periodic sweeps): a plan kept from a run on small tables would read a big
   * table whole later. Planning costs a few tenths of a millisecond of database CPU; keep it off
   * the per-message statements, whose shapes are index-driven whatever the statistics.
   */
  async rowsPlannedPerRun<T>(sql: Prisma.Sql): Promise<T[]> {
    const result = await this.pool.query({ text: sql.text, values: sql.values as unknown[] });
    return result.rows as T[];
  }

  /** A statement of a compiled SqlTemplate, planned anew on each run (see rowsPlannedPerRun): for batches. */
  async runPlannedPerRun<T>(statement: BoundStatement): Promise<T[]> {
    const result = await this.pool.query({ text: statement.text, values: statement.values });
    return result.rows as T[];
  }

  /** A statement of a compiled SqlTemplate. */
  async run<T>(statement: BoundStatement): Promise<T[]> {
    const result = await this.pool.query(statement);
    return result.rows as T[];
  }
}
