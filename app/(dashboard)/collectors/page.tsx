import { RelativeTime } from '@/components/common/RelativeTime';
import { listCollectors } from '@/lib/db/collectors';

export const dynamic = 'force-dynamic';

export default async function CollectorsRoute() {
  const collectors = await listCollectors();
  return (
    <>
      <h1>Collectors</h1>
      {collectors.length === 0 ? (
        <div className="state-box">No collector has reported yet. Create a token with scope <code>ingest</code> and run <code>lantern push</code> next to a mirror or gateway.</div>
      ) : (
        <table className="data" aria-label="Collectors">
          <thead><tr><th>Name</th><th>Kind</th><th>Last seen</th><th>Counters</th></tr></thead>
          <tbody>
            {collectors.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.kind}</td>
                <td>{c.lastSeenAt ? <RelativeTime iso={c.lastSeenAt} /> : '—'}</td>
                <td className="mono">{Object.entries(c.counters).map(([k, v]) => `${k} ${v}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
