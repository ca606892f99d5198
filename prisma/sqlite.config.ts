// Prisma CLI config for SQLite. Prisma's native engines cannot be downloaded in our build environments, so the CLI
// runs on its JS/wasm engines through a driver adapter (see README, "Migrations offline").
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

process.env.DATABASE_URL ??= 'file:./data/lantern.db';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'sqlite/schema.prisma',
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./data/lantern.db' });
  },
});
