import { Prisma } from '../generated/prisma/client';
import { SqlTemplate } from './sql-template';

interface Input {
  id: string;
  limit: number | null;
}

describe('SqlTemplate', () => {
  const template = SqlTemplate.compile<Input>(
    (p) =>
      Prisma.sql`SELECT * FROM t WHERE id = ${p((i) => i.id)} AND kind = ${'fixed'} ${Prisma.sql`AND n < COALESCE(${p((i) => i.limit)}, ${10})`}`,
  );

  it('numbers placeholders across nested fragments as Prisma.sql does', () => {
    expect(template.text).toBe('SELECT * FROM t WHERE id = $1 AND kind = $2 AND n < COALESCE($3, $4)');
  });

  it('binds the values of each run in order, constants kept', () => {
    expect(template.bind({ id: 'a', limit: 5 }).values).toEqual(['a', 'fixed', 5, 10]);
    expect(template.bind({ id: 'b', limit: null }).values).toEqual(['b', 'fixed', null, 10]);
  });

  it('hands out one name and the very same text on every run', () => {
    const first = template.bind({ id: 'a', limit: 1 });
    const second = template.bind({ id: 'b', limit: 2 });
    expect(first.name).toMatch(/^q[0-9a-f]{20}$/);
    expect(second.name).toBe(first.name);
    expect(second.text).toBe(first.text);
  });

  it('refuses a placeholder computed with instead of bound', () => {
    expect(() => SqlTemplate.compile<Input>((p) => Prisma.sql`SELECT ${JSON.stringify(p((i) => i.id))}`)).toThrow(/compute in its picker/);
    expect(() => SqlTemplate.compile<Input>((p) => Prisma.sql`SELECT ${[p((i) => i.id)]}::text[]`)).toThrow(/compute in its picker/);
  });
});
