'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { sendJson } from '@/components/hooks/use-api';

/** Asks for another round of delivery attempts; the page is server-rendered, so it is refreshed to show the new state. */
export function RetryAlertButton({ alertId, summary }: { alertId: string; summary: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const retry = () =>
    startTransition(async () => {
      setError(null);
      try {
        await sendJson(`/api/alerts/${encodeURIComponent(alertId)}/retry`, 'POST');
        router.refresh();
      } catch (err) {
        setError((err as Error).message);
      }
    });
  return (
    <div className="row">
      <button type="button" onClick={retry} disabled={pending} aria-label={`Retry delivery of ${summary}`}>Retry delivery</button>
      {error && <span role="alert" className="form-error">{error}</span>}
    </div>
  );
}
