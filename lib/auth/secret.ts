import { dataDirSecretSync } from '../data-dir-secret';
import { env } from '../env';

/** Signs session cookies: NEXTAUTH_SECRET, else a random one generated once for this installation. */
export function authSecret(): string {
  return env().NEXTAUTH_SECRET ?? dataDirSecretSync('nextauth');
}
