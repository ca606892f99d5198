import type { EndpointState } from '@/lib/inventory/endpoint-query';
import { formatCount } from '@/components/common/format-count';

const STATES: { state: EndpointState; label: string }[] = [
  { state: 'documented', label: 'Documented' },
  { state: 'shadow', label: 'Shadow' },
  { state: 'zombie', label: 'Zombie' },
];

export function StateCounts({ counts, active, onSelect }: { counts: Record<EndpointState, number>; active?: EndpointState; onSelect: (s: EndpointState | undefined) => void }) {
  return (
    <div className="cards">
      {STATES.map(({ state, label }) => (
        <button key={state} type="button" className="card" aria-pressed={active === state} onClick={() => onSelect(active === state ? undefined : state)} data-testid={`count-${state}`}>
          <div className="label">{label}</div>
          <div className={`value badge-text ${state}`}>{formatCount(counts[state])}</div>
        </button>
      ))}
    </div>
  );
}
