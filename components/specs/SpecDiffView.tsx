import type { z } from 'zod';
import type { specDiffViewSchema } from '@/lib/inventory/spec-views';

type Diff = z.infer<typeof specDiffViewSchema>;

export function SpecDiffView({ diff }: { diff: Diff }) {
  const list = (label: string, ops: Diff['added'], cls: string) =>
    ops.length > 0 && (
      <div>
        <strong>{label} ({ops.length})</strong>
        <ul className="mono">{ops.map((o) => <li key={`${o.method} ${o.path}`} className={cls}>{o.method} {o.path}{o.operationId ? `  (${o.operationId})` : ''}</li>)}</ul>
      </div>
    );
  const moved = diff.moved ?? [];
  if (diff.added.length + diff.removed.length + diff.newlyDeprecated.length + moved.length === 0) {
    return <p className="muted">No operation changes{diff.previousVersion ? ` against ${diff.previousVersion}` : ''}.</p>;
  }
  return (
    <div aria-label="Changes against the previous version">
      {diff.previousVersion && <p className="muted">Against version {diff.previousVersion}:</p>}
      {list('Added', diff.added, 'badge-text documented')}
      {list('Removed', diff.removed, 'badge-text zombie')}
      {list('Newly deprecated', diff.newlyDeprecated, 'badge-text shadow')}
      {moved.length > 0 && (
        <div>
          <strong>Moved to another server ({moved.length})</strong>
          <ul className="mono">{moved.map((o) => <li key={`${o.method} ${o.path}`} className="badge-text shadow">{o.method} {o.path}  {o.from.join(', ')} → {o.to.join(', ')}</li>)}</ul>
        </div>
      )}
    </div>
  );
}
