import { RelativeTime } from '@/components/common/RelativeTime';
import { TokenManager } from '@/components/collectors/TokenManager';
import { requireUser } from '@/lib/auth/current-user';
import { listCollectors } from '@/lib/db/collectors';
import { exchangesPerDay } from '@/lib/inventory/collector-throughput';
import { formatCount } from '@/components/common/format-count';
import type { Metadata } from 'next';
import { TableScroll } from '@/components/common/TableScroll';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Collectors' };

export default async function CollectorsRoute() {
  const user = await requireUser();
  const collectors = await listCollectors();
  return (
    <>
      <h1>Collectors</h1>
      {collectors.length === 0 ? (
        // Only an admin sees the token form below: until 6 Dec every role was told to create a token.
        <div className="state-box">
          {user.role === 'admin' ? (
            <>No collector has reported yet. Create a token with scope <code>ingest</code> and run <code>lantern push --server … --token …</code> next to a mirror or gateway.</>
          ) : (
            <>No collector has reported yet. A collector reports with an API token of scope <code>ingest</code>, which an admin creates on this page.</>
          )}
        </div>
      ) : (
        <TableScroll label="Collectors">
          <table className="data" aria-label="Collectors">
            <thead><tr><th>Name</th><th>Kind</th><th>Last seen</th><th className="num" title="HTTP exchanges the collector read, records no endpoint counts (no method…) included">Exchanges read</th><th className="num" title="requests the inventory counted from them, on its endpoints">Requests counted</th><th className="num">Throughput</th><th className="num">Capture gaps</th><th className="num">Malformed</th><th className="num">Batches</th></tr></thead>
            <tbody>
              {collectors.map((c) => {
                const n = (k: string) => c.counters[k] ?? 0;
                const perDay = exchangesPerDay(n('exchanges'), c.createdAt, c.lastSeenAt);
                return (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.kind}</td>
                    <td>{c.lastSeenAt ? <RelativeTime iso={c.lastSeenAt} /> : '—'}</td>
                    <td className="num">{formatCount(n('exchanges'))}</td>
                    {/* Counted by the server since 6 Dec: a collector that has not reported since has none. */}
                    <td className="num">{c.counters.requests === undefined ? '—' : formatCount(n('requests'))}</td>
                    <td className="num" title="exchanges per day since the collector first reported (said after its first hour)">{perDay === undefined ? '—' : `${formatCount(perDay)}/day`}</td>
                    <td className="num">{n('gaps') > 0 ? <span className="badge shadow">{formatCount(n('gaps'))}</span> : 0}</td>
                    <td className="num">{formatCount(n('malformed'))}</td>
                    <td className="num">{formatCount(n('batches'))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {user.role === 'admin' && (
        <>
          <h2>API tokens</h2>
          <TokenManager />
        </>
      )}
    </>
  );
}
