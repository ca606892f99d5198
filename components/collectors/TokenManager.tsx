'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { RelativeTime } from '@/components/common/RelativeTime';
import { useTokensQuery } from '@/components/hooks/queries/useTokensQuery';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';

const SCOPES = ['ingest', 'specs:write', 'read'] as const;

/** Create (shown once), list and revoke API tokens for collectors and CI. */
export function TokenManager() {
  const client = useQueryClient();
  const { data, isPending, isError, error } = useTokensQuery(true);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['ingest']);
  const create = useMutation({
    mutationFn: () => sendJson<{ token: string; name: string }>('/api/tokens', 'POST', { name, scopes }),
    onSuccess: () => { setName(''); void client.invalidateQueries({ queryKey: queryKeys.tokens.all }); },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => sendJson(`/api/tokens/${id}`, 'DELETE'),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
  return (
    <>
      <form className="row" onSubmit={(e) => { e.preventDefault(); create.mutate(); }} aria-label="Create a token">
        <input aria-label="Token name" placeholder="token name, e.g. edge-mirror-1" value={name} onChange={(e) => setName(e.target.value)} required />
        {SCOPES.map((s) => (
          <label key={s} className="row">
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> {s}
          </label>
        ))}
        <button type="submit" className="primary" disabled={!name.trim() || scopes.length === 0 || create.isPending}>Create token</button>
        {create.isError && <span role="alert" className="form-error">{create.error.message}</span>}
      </form>
      {create.data && (
        <div className="panel" role="status" style={{ margin: '12px 0' }}>
          Token <strong>{create.data.name}</strong> — copy it now, it is not shown again:
          <pre className="snippet"><code>{create.data.token}</code></pre>
        </div>
      )}
      {isPending ? <div className="state-box" role="status">Loading tokens…</div> : isError ? <div className="state-box error" role="alert">{error.message}</div> : data.items.length === 0 ? <div className="state-box">No tokens yet.</div> : (
        <table className="data" aria-label="API tokens" style={{ marginTop: 12 }}>
          <thead><tr><th>Name</th><th>Prefix</th><th>Scopes</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr></thead>
          <tbody>
            {data.items.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="mono">{t.prefix}…</td>
                <td>{t.scopes.join(', ')}</td>
                <td><RelativeTime iso={t.createdAt} /></td>
                <td>{t.lastUsedAt ? <RelativeTime iso={t.lastUsedAt} /> : 'never'}</td>
                <td>{t.revokedAt ? 'revoked' : 'active'}</td>
                <td>{!t.revokedAt && <button type="button" onClick={() => revoke.mutate(t.id)} disabled={revoke.isPending}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
