import { currentUser } from '@/lib/auth/current-user';
import { listApiTokens } from '@/lib/db/tokens';

export const dynamic = 'force-dynamic';

export default async function SettingsRoute() {
  const user = await currentUser();
  const tokens = user?.role === 'admin' ? await listApiTokens() : [];
  return (
    <>
      <h1>Settings</h1>
      <p>Signed in as <strong>{user?.email}</strong> with role <strong>{user?.role}</strong>.</p>
      {user?.role === 'admin' && (
        <>
          <h2>API tokens</h2>
          {tokens.length === 0 ? (
            <div className="state-box">No tokens. Create one with <code>lantern token create --name NAME --scope ingest</code>.</div>
          ) : (
            <table className="data" aria-label="API tokens">
              <thead><tr><th>Name</th><th>Prefix</th><th>Scopes</th><th>Last used</th><th>Status</th></tr></thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td className="mono">{t.prefix}…</td>
                    <td>{(t.scopes as string[]).join(', ')}</td>
                    <td>{t.lastUsedAt?.toISOString() ?? 'never'}</td>
                    <td>{t.revokedAt ? 'revoked' : 'active'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
