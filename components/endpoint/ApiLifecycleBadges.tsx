import type { ApiLifecycle } from '@/lib/inventory/endpoint-detail';

/** The whole API's end (its spec's info), which makes a zombie as an operation's own deprecation or sunset does. */
export function ApiLifecycleBadges({ lifecycle: l }: { lifecycle: ApiLifecycle }) {
  return (
    <>
      {l.retired && <div className="badge zombie">API retired</div>}
      {l.deprecated && <div className="badge zombie">API deprecated</div>}
      {l.sunsetAt && (
        <div className={`badge ${l.calledAfterSunset ? 'zombie' : ''}`}>
          API sunset {l.sunsetAt}
          {l.calledAfterSunset ? ', called since' : l.sunsetPassed ? ', passed, no calls since' : ''}
        </div>
      )}
    </>
  );
}
