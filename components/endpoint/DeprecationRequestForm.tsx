'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { focusOnMount } from '@/components/common/focus-on-mount';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';
import { sunsetHasCome } from '@/lib/inventory/sunset-day';

/** `specSunset`: the sunset the operation's spec publishes; the request keeps it (the server refuses another date). */
export function DeprecationRequestForm({ endpointId, specSunset }: { endpointId: string; specSunset: string | null }) {
  const [reason, setReason] = useState('');
  const [sunset, setSunset] = useState(specSunset ?? '');
  const [now] = useState(() => Date.now());
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: () => sendJson('/api/deprecations', 'POST', { endpointId, reason, proposedSunset: sunset }),
    // A Reviews page visited earlier is cached (fresh for 15 s): opened again from the menu, it lacked the new request.
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.deprecations.all }),
  });
  // The form the keyboard was in is replaced by this answer: the focus goes to it, not to the start of the page.
  if (send.isSuccess) return <p role="status" tabIndex={-1} ref={focusOnMount}>Deprecation requested: governance will review it on the <a href="/reviews">Reviews</a> page.</p>;
  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); if (!send.isPending) send.mutate(); }} aria-label="Request deprecation">
      <label>
        Reason
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
      </label>
      {specSunset ? (
        <p>Sunset <strong>{specSunset}</strong>, as its spec publishes it: change the spec to change the date.</p>
      ) : (
        <label>
          Proposed sunset
          <input type="date" value={sunset} onChange={(e) => setSunset(e.target.value)} required />
        </label>
      )}
      {/* Accepted (governance may record a sunset announced long ago), but said: until 7 Dec nothing did. */}
      {sunset && sunsetHasCome(sunset, now) && <p role="note">{sunset} is already past: once approved, every call to this operation is a call past its sunset.</p>}
      <div className="row">
        {/* aria-disabled, not disabled: a refusal must leave the focus on the button, not at the page's start. */}
        <button type="submit" aria-disabled={send.isPending}>Request deprecation</button>
        {send.isError && <span role="alert" className="form-error">{send.error.message}</span>}
      </div>
    </form>
  );
}
