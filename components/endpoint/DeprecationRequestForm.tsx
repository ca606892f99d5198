'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { sendJson } from '@/components/hooks/use-api';

export function DeprecationRequestForm({ endpointId }: { endpointId: string }) {
  const [reason, setReason] = useState('');
  const [sunset, setSunset] = useState('');
  const send = useMutation({ mutationFn: () => sendJson('/api/deprecations', 'POST', { endpointId, reason, proposedSunset: sunset }) });
  if (send.isSuccess) return <p role="status">Deprecation requested: governance will review it on the <a href="/reviews">Reviews</a> page.</p>;
  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); send.mutate(); }} aria-label="Request deprecation">
      <label>
        Reason
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
      </label>
      <label>
        Proposed sunset
        <input type="date" value={sunset} onChange={(e) => setSunset(e.target.value)} required />
      </label>
      <div className="row">
        <button type="submit" disabled={send.isPending}>Request deprecation</button>
        {send.isError && <span role="alert" className="form-error">{send.error.message}</span>}
      </div>
    </form>
  );
}
