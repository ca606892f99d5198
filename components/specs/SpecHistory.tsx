'use client';

import { RelativeTime } from '@/components/common/RelativeTime';
import { useSpecVersionsQuery } from '@/components/hooks/queries/useSpecVersionsQuery';
import { SpecDiffView } from './SpecDiffView';
import { formatCount } from '@/components/common/format-count';

export function SpecHistory({ api }: { api: string }) {
  const { data, isPending, isError, error } = useSpecVersionsQuery(api);
  if (isPending) return <div className="state-box" role="status">Loading versions…</div>;
  if (isError) return <div className="state-box error" role="alert">{error.message}</div>;
  if (data.items.length === 0) return <div className="state-box">No versions yet.</div>;
  return (
    <ol className="versions" aria-label="Version history">
      {data.items.map((v) => (
        <li key={v.id} className="panel" style={{ marginBottom: 8 }}>
          <strong>{v.version}</strong> {v.isCurrent && <span className="badge documented">current</span>} <span className="muted">{v.format} · {formatCount(v.operationCount)} operations · <RelativeTime iso={v.uploadedAt} />{v.uploadedBy ? ` by ${v.uploadedBy}` : ''}</span>
          {v.diffSummary && <SpecDiffView diff={v.diffSummary} />}
        </li>
      ))}
    </ol>
  );
}
