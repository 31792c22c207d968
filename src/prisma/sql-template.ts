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
  constructor(readonly pick: (input: I) => unknown) {}
}

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

  /** `build` writes the statement with `param(input => value)` wherever a value of the run goes. */
  static compile<I>(build: (param: (pick: (input: I) => unknown) => unknown) => Prisma.Sql): SqlTemplate<I> {
    return new SqlTemplate<I>(build((pick) => new Slot(pick)));
  }

  bind(input: I): BoundStatement {
    const values = this.values.map((v) => (v instanceof Slot ? (v as Slot<I>).pick(input) : v));
    return { name: this.name, text: this.text, values };
  }
}
