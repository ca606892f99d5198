'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
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
  // Said, not silent: the buttons stay enabled (aria-disabled, for the focus), so a click without a note needs an
  // answer, and the note box the focus. Until 6 Dec such a click did nothing at all.
  const [noNote, setNoNote] = useState(false);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const choose = (decision: 'approve' | 'reject') => {
    if (canDecide) return decide.mutate(decision);
    if (decide.isPending) return;
    setNoNote(true);
    noteBox.current?.focus();
  };
  return (
    <form className="decision" onSubmit={(e) => e.preventDefault()}>
      <label>
        Decision note
        <textarea ref={noteBox} value={note} onChange={(e) => { setNote(e.target.value); setNoNote(false); }} rows={2} required placeholder="Why, and what callers should do" />
      </label>
      <div className="row">
        {/* aria-disabled, not disabled: a button turning disabled under the keyboard dropped the focus to the page's start. */}
        <button type="button" className="primary" aria-disabled={!canDecide} onClick={() => choose('approve')}>Approve</button>
        <button type="button" aria-disabled={!canDecide} onClick={() => choose('reject')}>Reject</button>
        {noNote && <span role="alert" className="form-error">Write a decision note first: it tells the requester why.</span>}
        {decide.isError && <span role="alert" className="form-error">{decide.error.message}</span>}
      </div>
    </form>
  );
}
