'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';

/** `onDecided`: the request is decided (by this reviewer, or by another first): the form is about to go. */
export function DecisionForm({ requestId, onDecided }: { requestId: string; onDecided: () => void }) {
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') => sendJson(`/api/deprecations/${requestId}/decision`, 'POST', { decision, note }),
    // An approval can turn documented endpoints zombie: the charts' states change with the table's.
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.endpoints.all });
      void client.invalidateQueries({ queryKey: queryKeys.stats.inventory });
    },
    // Refused too: the usual refusal is "already approved" by another reviewer, and the list must then show their
    // decision instead of a pending request whose form can only fail again.
    onSettled: () => {
      onDecided();
      void client.invalidateQueries({ queryKey: queryKeys.deprecations.all });
    },
  });
  const canDecide = Boolean(note.trim()) && !decide.isPending;
  return (
    <form className="decision" onSubmit={(e) => e.preventDefault()}>
      <label>
        Decision note
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} required placeholder="Why, and what callers should do" />
      </label>
      <div className="row">
        {/* aria-disabled, not disabled: a button turning disabled under the keyboard dropped the focus to the page's start. */}
        <button type="button" className="primary" aria-disabled={!canDecide} onClick={() => canDecide && decide.mutate('approve')}>Approve</button>
        <button type="button" aria-disabled={!canDecide} onClick={() => canDecide && decide.mutate('reject')}>Reject</button>
        {decide.isError && <span role="alert" className="form-error">{decide.error.message}</span>}
      </div>
    </form>
  );
}
