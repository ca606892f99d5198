'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { focusOnMount } from '@/components/common/focus-on-mount';
import { formatCount } from '@/components/common/format-count';
import { queryKeys } from '@/components/hooks/query-keys';
import { sendJson } from '@/components/hooks/use-api';
import type { EndpointDetail } from '@/lib/inventory/endpoint-detail';
import { overrideLabel } from '@/lib/inventory/override-label';

const endpoints = (n: number) => `${formatCount(n)} endpoint${n === 1 ? '' : 's'}`;

/**
 * Which ignore override hides this endpoint, and a way to stop ignoring it: removing the override, which shows every
 * endpoint it hides again (DELETE /api/overrides/:id). Until 6 Dec the page said only that an override hid it.
 */
export function IgnoreNotice({ ignoredBy, canRemove }: { ignoredBy: EndpointDetail['ignoredBy']; canRemove: boolean }) {
  const router = useRouter();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: (o: NonNullable<EndpointDetail['ignoredBy']>) => sendJson(`/api/overrides/${o.id}`, 'DELETE'),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.endpoints.all });
      void client.invalidateQueries({ queryKey: queryKeys.stats.inventory });
      router.refresh();
    },
  });
  // The button the keyboard was on goes away with the override: the focus goes to this answer.
  if (remove.isSuccess) {
    const n = remove.variables.hiddenEndpoints;
    return <p role="status" tabIndex={-1} ref={focusOnMount}>No longer ignored: the override is removed and its {endpoints(n)} {n === 1 ? 'is' : 'are'} back in the inventory.</p>;
  }
  if (!ignoredBy) return null;
  return (
    <div className="row">
      <p className="muted" role="note" id="ignored-by">
        Hidden from the inventory by the ignore override {overrideLabel(ignoredBy)} ({endpoints(ignoredBy.hiddenEndpoints)}).
      </p>
      {canRemove && (
        // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page's start.
        <button type="button" aria-describedby="ignored-by" aria-disabled={remove.isPending} onClick={() => !remove.isPending && remove.mutate(ignoredBy)}>Stop ignoring</button>
      )}
      {remove.isError && <span role="alert" className="form-error">Could not remove the override: {remove.error.message}</span>}
    </div>
  );
}
