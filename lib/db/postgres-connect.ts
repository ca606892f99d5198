import pg from 'pg';
import { postgresConnectProblem } from './database-connection';

/**
 * A node-postgres connection of its own (the migration runner's, the startup lock's), its failure to connect said as
 * the Prisma-backed commands say theirs (database-connection.ts).
 */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    const said = postgresConnectProblem(err);
    throw said ? new Error(said, { cause: err }) : err;
  }
  return client;
}
