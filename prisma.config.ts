// Read by the Prisma CLI on a connected machine (`prisma migrate deploy` in the
// production `migrate` service). Offline, the project's own tools do the same:
// `pnpm db:migrate` and `pnpm db:new-migration` (see docs/ARCHITECTURE.md).
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: env('DATABASE_URL'),
  },
});
