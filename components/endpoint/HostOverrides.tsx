'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { focusOnMount } from '@/components/common/focus-on-mount';
import { useOverridesQuery, type OverrideView } from '@/components/hooks/queries/useOverridesQuery';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';
import { overrideLabel } from '@/lib/inventory/override-label';

/**
 * The overrides on this endpoint's host and method (or every method), each with Remove: until 6 Dec a merge or split
 * saved from the form above could be seen and removed nowhere in the dashboard. Removing one changes templating from
 * then on; what it merged or split stays so (DELETE /api/overrides/:id). Ignore overrides have "Stop ignoring" too.
 */
export function HostOverrides({ host, method }: { host: string; method: string }) {
  const router = useRouter();
  const client = useQueryClient();
  const { data, isError, error } = useOverridesQuery();
  const remove = useMutation({
    mutationFn: (o: OverrideView) => sendJson(`/api/overrides/${o.id}`, 'DELETE'),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.overrides.all });
      void client.invalidateQueries({ queryKey: queryKeys.endpoints.all });
      void client.invalidateQueries({ queryKey: queryKeys.stats.inventory });
      router.refresh();
    },
  });
  if (isError) return <p role="alert" className="form-error">Could not load the overrides: {error.message}</p>;
  const mine = (data?.items ?? []).filter((o) => o.host === host && (o.method === method || o.method === '*'));
  return (
    <>
      {/* The Remove button the keyboard was on goes away with the override: the focus goes to this answer. */}
      {remove.isSuccess && (
        <p key={remove.variables.id} role="status" tabIndex={-1} ref={focusOnMount}>{removedText(remove.variables)}</p>
      )}
      {remove.isError && <p role="alert" className="form-error">Could not remove the override: {remove.error.message}</p>}
      {mine.length > 0 && (
        <ul aria-label={`Overrides on ${method} ${host}`}>
          {mine.map((o) => (
            <li key={o.id}>
              {o.action} <span className="mono">{overrideLabel(o)}</span>{o.author ? ` by ${o.author}` : ''}{' '}
              {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start. */}
              <button type="button" aria-label={`Remove ${o.action} ${overrideLabel(o)}`} aria-disabled={remove.isPending} onClick={() => !remove.isPending && remove.mutate(o)}>Remove</button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function removedText(o: OverrideView): string {
  const removed = `Removed the ${o.action} override ${overrideLabel(o)}`;
  if (o.action === 'ignore') return `${removed}: what it hid is back in the inventory.`;
  return `${removed}: new traffic is templated without it (what it ${o.action === 'merge' ? 'merged stays merged' : 'split stays split'}).`;
}
