import { listApis } from '@/lib/db/apis';

export const dynamic = 'force-dynamic';

export default async function ApisRoute() {
  const apis = await listApis();
  return (
    <>
      <h1>APIs</h1>
      {apis.length === 0 ? (
        <div className="state-box">No APIs registered yet: push a spec with <code>lantern spec push</code>.</div>
      ) : (
        <table className="data" aria-label="APIs">
          <thead>
            <tr><th>API</th><th>Owner</th><th>Lifecycle</th><th>Environment</th><th>Spec version</th><th className="num">Endpoints</th></tr>
          </thead>
          <tbody>
            {apis.map((a) => (
              <tr key={a.id}>
                <td><strong>{a.name}</strong><div className="muted">{a.hosts.join(', ')}</div></td>
                <td>{a.ownerTeam ? `group:default/${a.ownerTeam.slug}` : <span className="muted">no owner</span>}</td>
                <td>{a.lifecycle}</td>
                <td>{a.environment}</td>
                <td>{a.currentVersion ?? '—'}</td>
                <td className="num">{a.endpointCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
