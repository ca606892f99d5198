'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';

/** Merge paths into one template, split a template, or ignore a pattern; applied to stored endpoints at once. */
export function OverrideForm({ host, method, template }: { host: string; method: string; template: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const [action, setAction] = useState<'merge' | 'split' | 'ignore'>('merge');
  const [pattern, setPattern] = useState(template);
  const [allMethods, setAllMethods] = useState(false);
  const save = useMutation({
    mutationFn: () => sendJson('/api/overrides', 'POST', { host, method: allMethods ? '*' : method, pattern, action }),
    // Merged, split or ignored endpoints change the inventory's pages and charts, cached for the way back.
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.endpoints.all });
      void client.invalidateQueries({ queryKey: queryKeys.stats.inventory });
      void client.invalidateQueries({ queryKey: queryKeys.overrides.all });
      router.refresh();
    },
  });
  return (
    <form className="stack" onSubmit={(e) => { e.preventDefault(); if (!save.isPending) save.mutate(); }} aria-label="Path override">
      <label>
        Action
        <select value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
          <option value="merge">Merge matching paths into this template</option>
          <option value="split">Split: stop templating this pattern</option>
          <option value="ignore">Ignore this pattern</option>
        </select>
      </label>
      <label>
        {/* One flex item: as bare text and code, each part was stacked on a line of its own. */}
        <span>Pattern (<code>{'{name}'}</code> matches one segment)</span>
        <input value={pattern} onChange={(e) => setPattern(e.target.value)} className="mono" />
      </label>
      <label className="row" style={{ flexDirection: 'row' }}>
        <input type="checkbox" checked={allMethods} onChange={(e) => setAllMethods(e.target.checked)} /> all methods on {host}
      </label>
      <div className="row">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start. */}
        <button type="submit" aria-disabled={save.isPending}>Save override</button>
        {save.isSuccess && <span role="status">Override saved and applied.</span>}
        {save.isError && <span role="alert" className="form-error">{save.error.message}</span>}
      </div>
    </form>
  );
}
