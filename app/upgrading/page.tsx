import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeReturnPath } from '@/lib/auth/return-path';
import { storedDataUpgraded } from '@/lib/http/stored-data-gate';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Upgrading stored data' };

// Seconds between reloads: the passes over a large inventory take a minute or two; a small one is done at once.
const RELOAD_SECONDS = 5;

/**
 * Where a dashboard page sends a person while `lantern serve`'s start-up passes run (lib/auth/current-user.ts
 * requireUser): no data, so nothing half upgraded is shown; it reloads itself and goes back to the page once they are done.
 */
export default async function UpgradingRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = (await searchParams).next;
  if (await storedDataUpgraded()) redirect(safeReturnPath(Array.isArray(next) ? next[0] : next));
  return (
    <main className="main">
      <meta httpEquiv="refresh" content={String(RELOAD_SECONDS)} />
      <div className="state-box">
        <h1>Upgrading stored data</h1>
        <p>Lantern is bringing the rows an older release stored under this release&apos;s rules. This page returns to where you were once that is done.</p>
      </div>
    </main>
  );
}
