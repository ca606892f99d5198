'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { focusOnMount } from '@/components/common/focus-on-mount';
import { useOverridesQuery, type OverrideView } from '@/components/hooks/queries/useOverridesQuery';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';
import { contradictedBy, repeatedBy } from '@/lib/inventory/override-conflicts';
import { overrideLabel } from '@/lib/inventory/override-label';

/**
 * The overrides on this endpoint's host and method (or every host or method), each with Remove: until 6 Dec a merge or
 * split saved from the form above could be seen and removed nowhere in the dashboard, and until 7 Dec one of every
 * host (saved through the API) was left out, though the form's 409 named it to delete first. A merge and a split of
 * the same paths saved before that 409 say so, each naming the other, as do two of the same action with the parameter
 * named otherwise (`/carts/{id}` beside `/carts/{cartId}`: refused since 7 Dec, until then listed unmarked). Removing
 * one changes templating from then on; what it merged or split stays so (DELETE /api/overrides/:id). Ignore overrides have "Stop ignoring" too.
 */
/** `canRemoveEveryHost`: the user may remove an override of every host (an admin; the server refuses an owner). */
export function HostOverrides({ host, method, canRemoveEveryHost }: { host: string; method: string; canRemoveEveryHost: boolean }) {
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
  const mine = (data?.items ?? []).filter((o) => (o.host === host || o.host === '*') && (o.method === method || o.method === '*'));
  const contradicted = contradictedBy(mine);
  const repeated = repeatedBy(mine);
  return (
    <>
      {/* The Remove button the keyboard was on goes away with the override: the focus goes to this answer. */}
      {remove.isSuccess && (
        <p key={remove.variables.id} role="status" tabIndex={-1} ref={focusOnMount}>{removedText(remove.variables)}</p>
      )}
      {remove.isError && <p role="alert" className="form-error">Could not remove the override: {remove.error.message}</p>}
      {mine.length > 0 && (
        <ul aria-label={`Overrides on ${method} ${host}`}>
          {mine.map((o) => {
            const opposite = contradicted.get(o.id);
            const same = repeated.get(o.id);
            return (
              <li key={o.id}>
                {o.action} <span className="mono">{overrideLabel(o)}</span>{o.author ? ` by ${o.author}` : ''}
                {opposite && <strong className="form-error">{` — says the opposite of the ${opposite.action} ${overrideLabel(opposite)}: remove one of them`}</strong>}
                {same && <strong className="form-error">{` — repeats the ${same.action} ${overrideLabel(same)} (the same paths): remove one of them`}</strong>}{' '}
                {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start. */}
                {o.host === '*' && !canRemoveEveryHost ? (
                  <span className="muted">(an admin&apos;s to remove)</span>
                ) : (
                  <button type="button" aria-label={`Remove ${o.action} ${overrideLabel(o)}`} aria-disabled={remove.isPending} onClick={() => !remove.isPending && remove.mutate(o)}>Remove</button>
                )}
              </li>
            );
          })}
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
