import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { authSecret } from '../../lib/auth/secret';
import { ensureAdmin } from '../../lib/db/bootstrap';
import { disconnectDb } from '../../lib/db/client';
import { redactUrl } from '../../lib/db/database-url';
import { migrateDatabase } from '../../lib/db/migrate';
import { seedDemoEstate } from '../../lib/db/seed-demo';
import { withStartupLock } from '../../lib/db/startup-lock';
import { rollUpDailyStats } from '../../lib/db/retention';
import { refreshPlannerStatistics } from '../../lib/db/optimize';
import { reclassifyDueSunsets } from '../../lib/db/reclassify';
import { recordVersion } from '../../lib/db/stored-data-rules';
import { markStoredDataBehind } from '../../lib/db/stored-data-state';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { deliveryLogLine } from '../../lib/alerts/delivery-log-line';
import { countAlertBacklog } from '../../lib/db/alerts';
import { env } from '../../lib/env';
import { decideBuild, readBuildState, readSourceState, recordBuildSources } from '../build-freshness';
import { portInUse } from '../port-in-use';
import { runStoredDataUpgrade } from '../stored-data-upgrade';

export const summary = 'build if needed, migrate, bootstrap the admin, seed the demo, serve the dashboard';

const HELP = `Usage: lantern serve [--no-build]   (what \`npm start\` runs; see README for the environment)

--no-build  never build the dashboard: a build older than the sources is said, then served as it is; none at all stops
            the start (exit 1)
Exit codes: 1 PORT in use, no build with --no-build, a failed build or start-up (the database); otherwise the server's.
`;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, 'no-build': { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = env();
  if (await portInUse(config.PORT)) {
    process.stderr.write(`lantern serve: port ${config.PORT} is in use by another process (another lantern serve?): stop it, or set PORT to a free port\n`);
    return 1;
  }
  const code = await buildIfNeeded(config.LANTERN_TEST_NEXT_DIR ?? join(ROOT, '.next'), !values['no-build']);
  if (code !== 0) return code;
  const migrated = await migrateDatabase(config.DATABASE_URL);
  log(`database ${redactUrl(config.DATABASE_URL)}: ${migrated.applied.length} migration(s) applied, ${migrated.alreadyApplied} already there`);
  // One replica at a time: each writes only what it finds missing.
  const admin = await withStartupLock(config.DATABASE_URL, async () => {
    const created = await ensureAdmin();
    if (config.LANTERN_DEMO === '1' && (await seedDemoEstate())) log('seeded the demo estate (LANTERN_DEMO=0 to skip)');
    return created;
  });
  // Before the app starts: it refuses data requests until the passes record today's rules version. A database this
  // start created holds only what this release wrote (the admin, the demo): no pass to run, nothing to refuse.
  if (migrated.alreadyApplied === 0) await recordVersion();
  else await markStoredDataBehind();
  await disconnectDb();
  const url = config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`;
  if (admin) {
    const box = [`Lantern admin: ${admin.email}`, admin.generated ? `password:      ${admin.password}   (shown once; change it or set LANTERN_ADMIN_PASSWORD)` : 'password:      from LANTERN_ADMIN_PASSWORD'];
    process.stdout.write(`\n${box.map((l) => `  ${l}`).join('\n')}\n\n`);
  }
  log(`serving on ${url}`);
  // Beside the app, which answers data routes 503 (Retry-After) and pages with a notice until they are done; a failed
  // pass stops the server rather than serving rows half upgraded: the next start resumes (each pass is idempotent).
  // The chores wait for them too: an alert delivered mid-upgrade named a template the templates pass then rewrote,
  // to webhooks whose record the alert-sinks pass had not yet re-keyed.
  const stop = new AbortController();
  let upgradeFailed = false;
  void runStoredDataUpgrade(log).then((ok) => {
    if (ok) return startHousekeeping();
    upgradeFailed = true;
    stop.abort();
  });
  const served = await runNext(['start', '-p', String(config.PORT)], { NEXTAUTH_URL: url, NEXTAUTH_SECRET: authSecret() }, stop.signal);
  return upgradeFailed ? 1 : served;
}

/** Builds when there is no build or it is older than the sources (after a `git pull`); with --no-build only says so. */
async function buildIfNeeded(nextDir: string, mayBuild: boolean): Promise<number> {
  const sources = readSourceState(ROOT);
  const decision = decideBuild(readBuildState(nextDir), sources);
  if (decision === 'current') return 0;
  if (!mayBuild) {
    // Until 7 Dec it went on: migrated, printed the admin's one-time password and 'serving on …', and Next then said
    // "Could not find a production build".
    if (decision === 'missing') {
      process.stderr.write(`lantern serve: there is no dashboard build in ${nextDir}, and --no-build builds none: run 'npm run build' first, or serve without --no-build\n`);
      return 1;
    }
    if (decision === 'stale') log(`warning: the dashboard build in ${nextDir} is older than the sources; serving it anyway (--no-build; run npm run build)`);
    return 0;
  }
  log(decision === 'missing' ? 'no build found: building the dashboard once (about a minute)…' : 'the dashboard build is older than the sources: rebuilding (about a minute)…');
  const code = await runNext(['build'], {});
  if (code === 0) recordBuildSources(nextDir, sources);
  return code;
}

function runNext(args: string[], extraEnv: Record<string, string>, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    signal?.addEventListener('abort', () => child.kill('SIGTERM'), { once: true });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

/**
 * The serve process outlives nothing but its Next child, so it does the periodic chores: it rolls up old daily stats
 * (every 6 h), reclassifies endpoints whose sunset is due (hourly) and retries undelivered alerts (every minute).
 * Failures are logged and retried on the next tick. (The start-up passes, which bring rows an older release stored
 * under today's rules, run beside these: bin/stored-data-upgrade.ts.)
 */
function startHousekeeping() {
  const roll = () =>
    rollUpDailyStats()
      .then((r) => r.folded > 0 && log(`retention: folded ${r.folded} daily rows into ${r.months} month rows`))
      .then(() => refreshPlannerStatistics())
      .catch((e) => log(`retention/statistics failed: ${e.message}`));
  void roll();
  setInterval(roll, 6 * 3_600_000).unref();
  // Only a call after a sunset makes a zombie, and ingest reclassifies what it touches; this catches a row whose
  // reclassification after ingest failed, once its sunset is due.
  const sunsets = () => reclassifyDueSunsets().then((r) => r.changed.length > 0 && log(`sunsets: ${r.changed.length} endpoint(s) reclassified`)).catch((e) => log(`sunset check failed: ${e.message}`));
  void sunsets();
  setInterval(sunsets, 3_600_000).unref();
  let undeliverable: number | null = null;
  const deliver = () =>
    deliverPendingAlerts()
      .then(async (run) => {
        const backlog = await countAlertBacklog();
        const line = deliveryLogLine(run, backlog, undeliverable);
        undeliverable = backlog.undeliverable;
        if (line) log(line);
      })
      .catch((e) => log(`alert delivery failed: ${e.message}`));
  void deliver();
  setInterval(deliver, 60_000).unref();
}

function log(message: string) {
  process.stdout.write(`lantern: ${message}\n`);
}
