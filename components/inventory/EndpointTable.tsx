import type { EndpointSummary } from '@/lib/inventory/endpoint-query';
import { RelativeTime } from '@/components/common/RelativeTime';

export function EndpointTable({ items }: { items: EndpointSummary[] }) {
  return (
    <table className="data" aria-label="Endpoints">
      <thead>
        <tr>
          <th>State</th>
          <th>Method</th>
          <th>Host</th>
          <th>Path</th>
          <th>API</th>
          <th className="num">Requests</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id}>
            <td><span className={`badge ${e.state}`}>{e.state}</span></td>
            <td className="method">{e.method}</td>
            <td>{e.host}</td>
            <td className="mono">{e.pathTemplate}</td>
            <td>{e.api?.name ?? <span className="muted">—</span>}</td>
            <td className="num">{e.requestCount.toLocaleString('en-US')}</td>
            <td><RelativeTime iso={e.lastSeen} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
