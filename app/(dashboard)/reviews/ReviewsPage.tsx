'use client';

import { useState } from 'react';
import { RelativeTime } from '@/components/common/RelativeTime';
import { focusOnMount } from '@/components/common/focus-on-mount';
import { useDeprecationsQuery } from '@/components/hooks/queries/useDeprecationsQuery';
import { CallersTable } from '@/components/reviews/CallersTable';
import { DecisionForm } from '@/components/reviews/DecisionForm';
import type { DeprecationView } from '@/lib/inventory/deprecation-view';
import { sunsetHasCome } from '@/lib/inventory/sunset-day';

/**
 * What a screen reader's list of regions calls a review: a request rejected and filed again, or the same method and
 * path in two APIs, were each "Deprecation of GET /payouts", which could not be told apart.
 */
const reviewName = (r: DeprecationView) =>
  `Deprecation of ${r.operation?.method} ${r.operation?.path} in ${r.operation?.api.name}, ${r.status}, requested ${r.createdAt.slice(0, 10)} ${r.createdAt.slice(11, 16)} UTC`;

export function ReviewsPage({ canReview }: { canReview: boolean }) {
  const { data, isPending, isError, error } = useDeprecationsQuery();
  // The request decided from this page: once the list shows its decision, its heading takes the focus from the form
  // that went away with the decision (it fell to the page's start).
  const [decidedHere, setDecidedHere] = useState<string | null>(null);
  const [now] = useState(() => Date.now());
  return (
    <>
      <h1>Deprecation reviews</h1>
      {isPending ? (
        <div className="state-box" role="status">Loading requests…</div>
      ) : isError ? (
        <div className="state-box error" role="alert">Could not load the requests: {error.message}</div>
      ) : data.items.length === 0 ? (
        <div className="state-box">No deprecation requests. Owners request them from an endpoint&apos;s page.</div>
      ) : (
        data.items.map((r) => {
          const answered = decidedHere === r.id && r.status !== 'pending';
          return (
            <section key={r.id} className="review" aria-label={reviewName(r)}>
              {/* Each request is a heading: read by headings, the page was one "Callers still using it" after another. */}
              <header>
                <h2 className="review-title" tabIndex={answered ? -1 : undefined} ref={answered ? focusOnMount : undefined}>
                  <span className={`badge ${r.status === 'approved' ? 'zombie' : r.status === 'pending' ? 'shadow' : 'documented'}`}>{r.status}</span>{' '}
                  <strong className="mono">{r.operation?.method} {r.operation?.path}</strong> <span className="muted">in {r.operation?.api.name}</span>
                </h2>
              </header>
              <p>{r.reason}</p>
              <p className="muted">
                {/* A pending request's sunset already past is a reviewer's to know: approved, its calls are past it at once. */}
                Proposed sunset <strong>{r.proposedSunset ?? '—'}</strong>{r.status === 'pending' && r.proposedSunset && sunsetHasCome(r.proposedSunset, now) ? ' (already past)' : ''} · requested by {r.requester ?? 'unknown'} <RelativeTime iso={r.createdAt} />
                {r.decidedAt && <> · {r.status} by {r.reviewer ?? 'unknown'} <RelativeTime iso={r.decidedAt} />: “{r.decisionNote}”</>}
              </p>
              <h3>Callers still using it</h3>
              <CallersTable callers={r.operation?.callers ?? []} />
              {r.status === 'pending' && canReview && <DecisionForm requestId={r.id} onDecided={() => setDecidedHere(r.id)} />}
            </section>
          );
        })
      )}
    </>
  );
}
