import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Read only by migrate/db commands; not env('DATABASE_URL'), which throws when unset and would
  // break `prisma generate` on a machine without a database.
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
