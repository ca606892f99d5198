'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { RelativeTime } from '@/components/common/RelativeTime';
import { focusOnMount } from '@/components/common/focus-on-mount';
import { useTokensQuery } from '@/components/hooks/queries/useTokensQuery';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';
import { TableScroll } from '@/components/common/TableScroll';
import { RevokeTokenControl } from './RevokeTokenControl';

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
  const canCreate = Boolean(name.trim()) && scopes.length > 0 && !create.isPending;
  // Said, not silent: the button stays enabled (aria-disabled, for the focus), so a click without a scope needs an answer.
  const [noScope, setNoScope] = useState(false);
  const revoke = useMutation({
    mutationFn: (token: { id: string; name: string }) => sendJson(`/api/tokens/${token.id}`, 'DELETE'),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
  return (
    <>
      <form className="row" onSubmit={(e) => { e.preventDefault(); setNoScope(scopes.length === 0); if (canCreate) create.mutate(); }} aria-label="Create a token">
        {/* 80: the longest name a token may have (lib/db/tokens.ts); a longer one was refused only after the click. */}
        <input aria-label="Token name" placeholder="token name, e.g. edge-mirror-1" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        {SCOPES.map((s) => (
          <label key={s} className="row">
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => { setNoScope(false); setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s)); }} /> {s}
          </label>
        ))}
        {/* aria-disabled, not disabled: the name is cleared on success, and a clicked button turning disabled dropped
            the focus to the page's start; the new token below takes it instead. */}
        <button type="submit" className="primary" aria-disabled={!canCreate}>Create token</button>
        {noScope && <span role="alert" className="form-error">Tick at least one scope for the token.</span>}
        {create.isError && <span role="alert" className="form-error">Could not create the token: {create.error.message}</span>}
      </form>
      {create.data && (
        // Keyed by the token: each new one takes the focus, so it is read out and can be copied at once.
        <div key={create.data.token} className="panel" role="status" tabIndex={-1} ref={focusOnMount} style={{ margin: '12px 0' }}>
          Token <strong>{create.data.name}</strong> — copy it now, it is not shown again:
          <pre className="snippet"><code>{create.data.token}</code></pre>
        </div>
      )}
      {/* The Revoke button the keyboard was on is gone once the token is revoked: the focus goes to this answer. */}
      {revoke.isSuccess && <p key={revoke.variables.id} role="status" tabIndex={-1} ref={focusOnMount}>Token {revoke.variables.name} revoked: collectors using it are refused from their next request.</p>}
      {revoke.isError && <p role="alert" className="form-error">Could not revoke token {revoke.variables.name}: {revoke.error.message}</p>}
      {isPending ? <div className="state-box" role="status">Loading tokens…</div> : isError ? <div className="state-box error" role="alert">Could not load the tokens: {error.message}</div> : data.items.length === 0 ? <div className="state-box">No tokens yet.</div> : (
        <TableScroll label="API tokens" style={{ marginTop: 12 }}>
          <table className="data" aria-label="API tokens">
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
                  <td>{!t.revokedAt && <RevokeTokenControl name={t.name} pending={revoke.isPending} onRevoke={() => revoke.mutate({ id: t.id, name: t.name })} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
