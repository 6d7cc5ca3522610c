import { defineConfig } from 'prisma/config';

// The CLI only generates the client here; migrations are applied by src/migrate.ts.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
});
