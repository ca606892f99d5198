#!/usr/bin/env node
// postinstall: generates the two Prisma clients (SQLite and PostgreSQL) into generated/. Runs offline: the
// prisma-client generator with engineType "client" needs no native engine download.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prisma = join(root, 'node_modules/prisma/build/index.js');
for (const provider of ['sqlite', 'postgres']) {
  execFileSync(process.execPath, [prisma, 'generate', '--config', `prisma/${provider}.config.ts`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
console.log('lantern: generated Prisma clients for SQLite and PostgreSQL');
