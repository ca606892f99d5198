import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { upgradeStoredData, type PassDone, type StoredDataUpgrade } from '../lib/db/stored-data-rules';
import { env } from '../lib/env';

/**
 * Runs the start-up passes (lib/db/stored-data-rules.ts) beside the starting app, saying each pass as it completes:
 * on a large inventory they take minutes, and the app answers data requests 503 until they are done
 * (lib/http/stored-data-gate.ts), so an operator needs to see they are moving. True when they completed (or had
 * nothing to do).
 */
export async function runStoredDataUpgrade(log: (message: string) => void): Promise<boolean> {
  const progress: PassDone = async (pass, done, total) => {
    log(`stored data: pass ${done} of ${total} done (${pass})`);
    await holdForTest(log, done);
  };
  try {
    const r = await upgradeStoredData(progress);
    if (r.ran) logChanges(r, log);
    return true;
  } catch (e) {
    log(`bringing stored data under today's rules failed (resumed at the next start): ${(e as Error).message}`);
    return false;
  }
}

async function holdForTest(log: (message: string) => void, done: number): Promise<void> {
  const hold = env().LANTERN_TEST_HOLD_STORED_DATA;
  if (!hold || done !== 1 || !existsSync(hold)) return;
  log('stored data: held (LANTERN_TEST_HOLD_STORED_DATA)');
  while (existsSync(hold)) await sleep(50);
}

function logChanges(r: Extract<StoredDataUpgrade, { ran: true }>, log: (message: string) => void): void {
  if (r.impliedMethods.length > 0) log(`HEAD/OPTIONS: ${r.impliedMethods.length} endpoint(s) reclassified`);
  if (r.sunsets.operations > 0) log(`sunsets: ${r.sunsets.operations} operation(s) given their spec's sunset and deprecation as read today, ${r.sunsets.changed.length} endpoint(s) reclassified`);
  if (r.shadowsWithoutApi.length > 0) log(`shadows without an API: ${r.shadowsWithoutApi.length} endpoint(s) reclassified`);
  if (r.slashTwins.length > 0) log(`operations written with and without a trailing slash: ${r.slashTwins.length} endpoint(s) reclassified`);
  if (r.queryNames > 0) log(`query names: tokens redacted in ${r.queryNames} endpoint(s) stored before the upgrade`);
  if (r.authKinds > 0) log(`auth kinds: token-shaped cookie names redacted in ${r.authKinds} endpoint(s) stored before the upgrade`);
  if (r.credentialHosts > 0) log(`hosts: ${r.credentialHosts} endpoint(s) stored under a credential taken for their host moved to unknown-host`);
  if (r.credentialOwnershipRules > 0) log(`ownership rules: ${r.credentialOwnershipRules} whose path prefix carried a credential removed (they owned nothing)`);
  if (r.credentialOverrides > 0) log(`overrides: ${r.credentialOverrides} whose pattern carried a credential removed`);
  if (r.auditPaths > 0) log(`audit: credentials redacted in the paths ${r.auditPaths} event(s) name`);
  if (r.overrideAudits > 0) log(`audit: ${r.overrideAudits} override event(s) reworded to say what the override did`);
  if (r.latencyP95 > 0) log(`latency: p95 stored for ${r.latencyP95} endpoint(s) timed before the upgrade, so the inventory sorts them`);
  if (r.operationSecurity > 0) log(`operations: ${r.operationSecurity} allowing anonymous callers (\`{}\` in security) stored so`);
  const t = r.templates;
  if (t.retemplated + t.examples > 0) log(`templates: ${t.retemplated} endpoint(s) stored before the upgrade re-templated (${t.folded} folded), example paths redacted in ${t.examples}`);
  log(`stored data brought to rules version ${r.version}; data routes and pages answer again`);
}
