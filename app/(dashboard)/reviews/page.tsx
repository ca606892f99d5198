import { listDeprecationRequests } from '@/lib/db/deprecations';

export const dynamic = 'force-dynamic';

export default async function ReviewsRoute() {
  const requests = await listDeprecationRequests();
  return (
    <>
      <h1>Deprecation reviews</h1>
      {requests.length === 0 ? (
        <div className="state-box">No deprecation requests. Owners request them from an endpoint or operation.</div>
      ) : (
        <table className="data" aria-label="Deprecation requests">
          <thead><tr><th>Target</th><th>Reason</th><th>Proposed sunset</th><th>Requested by</th><th>Status</th></tr></thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td className="mono">{r.operation ? `${r.operation.method} ${r.operation.pathTemplate}` : r.endpoint ? `${r.endpoint.method} ${r.endpoint.host}${r.endpoint.pathTemplate}` : '—'}</td>
                <td>{r.reason}</td>
                <td>{r.proposedSunset?.toISOString().slice(0, 10) ?? '—'}</td>
                <td>{r.requester?.email ?? '—'}</td>
                <td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
