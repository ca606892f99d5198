// Prisma CLI config for PostgreSQL (see sqlite.config.ts for why a driver adapter).
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

process.env.DATABASE_URL ??= 'postgresql://localhost:5432/lantern';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'postgres/schema.prisma',
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
