import { RelativeTime } from '@/components/common/RelativeTime';
import type { DeprecationView } from '@/lib/inventory/deprecation-view';
import { formatCount } from '@/components/common/format-count';
import { TableScroll } from '@/components/common/TableScroll';

type Caller = NonNullable<DeprecationView['operation']>['callers'][number];

/** Who still calls the operation: the endpoints traffic reached it through, with issuers and client networks. */
export function CallersTable({ callers }: { callers: Caller[] }) {
  if (callers.length === 0) return <p className="muted">No traffic observed on this operation.</p>;
  return (
    <TableScroll label="Callers still using it">
      <table className="data" aria-label="Callers still using it">
        <thead><tr><th>Endpoint</th><th>State</th><th className="num">Requests</th><th>Last seen</th><th>Token issuers</th><th>Client networks</th><th className="num">Credentials</th><th>Fingerprints</th></tr></thead>
        <tbody>
          {callers.map((c) => (
            <tr key={c.endpointId}>
              <td className="mono"><a href={`/endpoints/${c.endpointId}`}>{c.host}{c.path}</a></td>
              <td><span className={`badge ${c.state}`}>{c.state}</span></td>
              <td className="num">{formatCount(c.requests)}</td>
              <td><RelativeTime iso={c.lastSeen} /></td>
              <td>{c.issuers.join(', ') || <span className="muted">—</span>}</td>
              <td>{Object.entries(c.clients).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${formatCount(n)}`).join(' · ') || '—'}</td>
              <td className="num">{formatCount(c.distinctCredentials)}</td>
              <td className="mono">{c.fingerprints.slice(0, 5).join(' ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
