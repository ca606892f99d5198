import { dataDirSecret } from './data-dir-secret';
import { collectorEnv } from './collector-env';

/** The key for credential fingerprints: `LANTERN_FINGERPRINT_KEY`, else one generated for this installation. */
export async function loadFingerprintKey(): Promise<string> {
  return collectorEnv().LANTERN_FINGERPRINT_KEY ?? (await dataDirSecret('fingerprint'));
}
