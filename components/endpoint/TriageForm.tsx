'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';

export function TriageForm({ endpointId, triage, note }: { endpointId: string; triage: string; note: string | null }) {
  const router = useRouter();
  const client = useQueryClient();
  const [value, setValue] = useState(triage);
  const [text, setText] = useState(note ?? '');
  const save = useMutation({
    mutationFn: () => sendJson(`/api/endpoints/${endpointId}`, 'PATCH', { triage: value, note: text || undefined }),
    // The inventory pages in the cache list the old triage (and are fresh for 15 s): back on the inventory, they showed it.
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.endpoints.all });
      router.refresh();
    },
  });
  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); if (!save.isPending) save.mutate(); }} aria-label="Triage">
      <label>
        Triage
        <select value={value} onChange={(e) => setValue(e.target.value)}>
          <option value="new">New</option>
          <option value="acknowledged">Acknowledged</option>
          <option value="ignored">Ignored</option>
          <option value="adopted">Adopted</option>
        </select>
      </label>
      <label>
        Note
        <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="row">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start. */}
        <button type="submit" className="primary" aria-disabled={save.isPending}>Save triage</button>
        {save.isSuccess && <span role="status">Saved.</span>}
        {save.isError && <span role="alert" className="form-error">{save.error.message}</span>}
      </div>
    </form>
  );
}
