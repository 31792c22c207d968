import type { Prisma } from '../generated/prisma/client';
import { preparedStatement } from './prisma.service';

/** A statement ready to run: its prepared-statement name, its text and its values in order. */
export interface BoundStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** A placeholder in a template: the value it stands for is picked from each run's input. */
class Slot<I> {
  declare private readonly brand: 'sql-template-slot';
  constructor(readonly pick: (input: I) => unknown) {}
}

/** What `param` hands the builder: to be written into Prisma.sql as is, never computed with. */
export type Param<I> = (pick: (input: I) => unknown) => Slot<I>;

/**
 * A hand-written statement whose text depends only on its shape: built with Prisma.sql once, with
 * placeholders where the values of a run go, so that each run binds values and nothing else. For
 * the hot paths, where rebuilding a statement of several kilobytes and hashing its text on every
 * request cost as much CPU as the rest of the request's own code.
 */
export class SqlTemplate<I> {
  readonly name: string;
  readonly text: string;
  private readonly values: readonly unknown[];

  private constructor(sql: Prisma.Sql) {
    ({ name: this.name, text: this.text } = preparedStatement(sql.text));
    this.values = sql.values;
  }

  /**
   * `build` writes the statement with `param(input => value)` wherever a value of the run goes; the
   * work on a value belongs in its picker. A placeholder that did not reach the statement's values
   * as itself (stringified, coalesced, put in an array) would bind the wrong thing: that throws here.
   */
  static compile<I>(build: (param: Param<I>) => Prisma.Sql): SqlTemplate<I> {
    const made = new Set<Slot<I>>();
    const sql = build((pick) => {
      const slot = new Slot(pick);
      made.add(slot);
      return slot;
    });
    const placed = new Set(sql.values.filter((v): v is Slot<I> => v instanceof Slot));
    if ([...made].some((slot) => !placed.has(slot))) {
      throw new Error('SqlTemplate: a placeholder was used in an expression instead of as a value of the statement; compute in its picker');
    }
    return new SqlTemplate<I>(sql);
  }

  bind(input: I): BoundStatement {
    const values = this.values.map((v) => (v instanceof Slot ? (v as Slot<I>).pick(input) : v));
    return { name: this.name, text: this.text, values };
  }
}
