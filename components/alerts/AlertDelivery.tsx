'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { RetryAlertButton } from './RetryAlertButton';

/**
 * An alert's delivery state (`children`, rendered on the server) and, when it may be retried, the retry button. A
 * retry refreshes the page, where the alert is pending again and the button gone: the state that replaced it takes
 * the focus, which otherwise fell to the start of the page.
 */
export function AlertDelivery({ alertId, summary, retryable, children }: { alertId: string; summary: string; retryable: boolean; children: ReactNode }) {
  const cell = useRef<HTMLDivElement>(null);
  const [retried, setRetried] = useState(false);
  useEffect(() => {
    if (retried && !retryable) cell.current?.focus();
  }, [retried, retryable]);
  return (
    <>
      <div className="delivery-state" tabIndex={retried ? -1 : undefined} ref={cell}>{children}</div>
      {retryable && <RetryAlertButton alertId={alertId} summary={summary} onRetried={() => setRetried(true)} />}
    </>
  );
}
