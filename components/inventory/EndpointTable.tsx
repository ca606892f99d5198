import { RelativeTime } from '@/components/common/RelativeTime';
import { HoverPrefetchLink } from '@/components/common/HoverPrefetchLink';
import { HostName } from '@/components/common/HostName';
import type { ReactNode } from 'react';
import type { EndpointQuery, EndpointSummary } from '@/lib/inventory/endpoint-query';
import { formatCount } from '@/components/common/format-count';
import { TableScroll } from '@/components/common/TableScroll';
import { formatLatency } from '@/lib/format-latency';

type SortKey = EndpointQuery['sort'];

export function EndpointTable({ items, sort, order, onSort }: { items: EndpointSummary[]; sort: SortKey; order: 'asc' | 'desc'; onSort: (key: SortKey) => void }) {
  const header = (key: SortKey, label: ReactNode, className?: string) => (
    <th className={className} aria-sort={sort === key ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" aria-pressed={sort === key} onClick={() => onSort(key)}>
        {label} {sort === key ? (order === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
  return (
    <TableScroll label="Endpoints">
      <table className="data" aria-label="Endpoints">
        <thead>
          <tr>
            <th>State</th>
            <th>Method</th>
            <th>Host</th>
            {header('path', 'Path')}
            <th>API / owner</th>
            <th>Auth</th>
            {header('requests', 'Requests', 'num')}
            {/* Sorted by the stored column beside the summary (Endpoint.latencyP95Ms: lib/db/latency-columns.ts). */}
            {header('p95', <abbr title="95th percentile latency">p95</abbr>, 'num')}
            {header('lastSeen', 'Last seen')}
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td><span className={`badge ${e.state}`}>{e.state}</span>{e.triage !== 'new' && <div className="muted">{e.triage}</div>}{e.ignored && <div className="muted">ignored</div>}{e.unlisted && <div className="muted">{e.method === 'OPTIONS' ? 'preflight' : '404/405 only'}</div>}</td>
              <td className="method">{e.method}</td>
              <td><HostName host={e.host} /></td>
              <td className="mono"><HoverPrefetchLink href={`/endpoints/${e.id}`}>{e.pathTemplate}</HoverPrefetchLink>{e.sensitiveTags.length > 0 && <span className="badge zombie" title={`sensitive data seen: ${e.sensitiveTags.join(', ')}`} style={{ marginLeft: 6 }}>PII</span>}</td>
              <td>{e.api?.name ?? <span className="muted">—</span>}{e.ownerTeam && <div className="muted">{e.ownerTeam.slug}</div>}</td>
              <td className="muted">{Object.keys(e.authCounts).join(', ') || '—'}</td>
              <td className="num">{formatCount(e.requestCount)}</td>
              <td className="num">{e.latency ? formatLatency(e.latency.p95) : <span className="muted" title="not timed by its sources">—</span>}</td>
              <td><RelativeTime iso={e.lastSeen} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
