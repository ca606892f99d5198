'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { sendJson } from '@/components/hooks/use-api';

/**
 * Asks for another round of delivery attempts; the page is server-rendered, so it is refreshed to show the new state
 * (where this button is gone: `onRetried` lets the delivery cell take the focus).
 */
export function RetryAlertButton({ alertId, summary, onRetried }: { alertId: string; summary: string; onRetried: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const retry = () =>
    startTransition(async () => {
      setError(null);
      try {
        await sendJson(`/api/alerts/${encodeURIComponent(alertId)}/retry`, 'POST');
        onRetried();
        router.refresh();
      } catch (err) {
        setError((err as Error).message);
      }
    });
  return (
    <div className="row">
      {/* aria-disabled, not disabled: a refused retry must leave the focus on the button, not at the page's start. */}
      <button type="button" onClick={() => !pending && retry()} aria-disabled={pending} aria-label={`Retry delivery of ${summary}`}>Retry delivery</button>
      {error && <span role="alert" className="form-error">{error}</span>}
    </div>
  );
}
