'use client';

import { useApisQuery } from '@/components/hooks/queries/useApisQuery';
import { useInventoryStatsQuery } from '@/components/hooks/queries/useInventoryStatsQuery';
import type { EndpointQuery } from '@/lib/inventory/endpoint-query';
import { ShowHiddenToggle } from './ShowHiddenToggle';
import { TextFilter } from './TextFilter';

/** Offered before any traffic says which kinds the estate has (then every kind seen is offered too). */
const AUTH_KINDS = ['none', 'bearer-jwt', 'bearer-opaque', 'basic', 'api-key:x-api-key', 'api-key:authorization'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Every filter writes to the URL (the single source of truth), so views can be shared and survive a reload.
 * `ignoredTotal`: endpoints these filters match that an ignore override hides; `unlistedTotal`: shadows `lantern check`
 * leaves out (404/405 only, CORS preflights) (both undefined until the page is in).
 */
export function InventoryFilters({ query, setParam, ignoredTotal, unlistedTotal }: { query: EndpointQuery; setParam: (name: string, value: string | undefined) => void; ignoredTotal?: number; unlistedTotal?: number }) {
  const { data: apis } = useApisQuery();
  // The kinds traffic showed (`cookie:session`, `api-key:x-goog-api-key`), once the charts have fetched the stats (not
  // before: the table's request goes first). Until 6 Dec only the fixed list above was offered.
  const { data: stats } = useInventoryStatsQuery({ fetch: false });
  const authKinds = [...AUTH_KINDS, ...(stats?.authKinds ?? []).filter((k) => !AUTH_KINDS.includes(k))];
  // And the methods it showed (`QUERY`, `PROPFIND`): until 6 Dec only the seven below could be picked.
  const methods = [...METHODS, ...(stats?.methods ?? []).filter((m) => !METHODS.includes(m))];
  // The APIs' owners, and every team owning an endpoint (an ownership rule gives shadow traffic a team that may own no
  // API yet), once the stats are in. Until 6 Dec only the APIs' owners could be picked.
  const apiOwners = (apis?.items ?? []).flatMap((a) => (a.ownerTeam ? [a.ownerTeam] : []));
  const teams = [...new Map([...apiOwners, ...(stats?.ownerTeams ?? [])].map((t) => [t.slug, t.name])).entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const select = (name: keyof EndpointQuery, label: string, options: [string, string][]) => {
    const value = String(query[name] ?? '');
    // A filter from a shared link or the API's vocabulary that the list does not offer (auth=cookie:session,
    // method=PROPFIND, an API still loading) is still applied: the control shows it, so it can be seen and cleared.
    const shown: [string, string][] = value && !options.some(([v]) => v === value) ? [...options, [value, value]] : options;
    return (
      <select aria-label={label} value={value} onChange={(e) => setParam(name, e.target.value || undefined)}>
        <option value="">{label}: all</option>
        {shown.map(([v, text]) => (
          <option key={v} value={v}>{text}</option>
        ))}
      </select>
    );
  };
  return (
    <div className="filters" role="search" aria-label="Inventory filters">
      <TextFilter label="Search paths and hosts" placeholder="Search paths and hosts ⏎" applied={query.q ?? ''} onApply={(text) => setParam('q', text || undefined)} />
      {select('state', 'State', [['documented', 'Documented'], ['shadow', 'Shadow'], ['zombie', 'Zombie']])}
      <TextFilter label="Host" placeholder="Host ⏎" applied={query.host ?? ''} onApply={(text) => setParam('host', text.trim() || undefined)} />
      {select('api', 'API', (apis?.items ?? []).map((a) => [a.slug, a.name]))}
      {select('team', 'Owner', teams)}
      {select('method', 'Method', methods.map((m) => [m, m]))}
      {select('auth', 'Auth', authKinds.map((k) => [k, k === 'none' ? 'none (anonymous calls)' : k]))}
      {select('sensitive', 'Sensitive data', [['1', 'with sensitive data'], ['0', 'without']])}
      {select('triage', 'Triage', [['new', 'New'], ['acknowledged', 'Acknowledged'], ['ignored', 'Ignored'], ['adopted', 'Adopted']])}
      {select('seen', 'Last seen', [['24h', 'in 24 hours'], ['7d', 'in 7 days'], ['30d', 'in 30 days'], ['stale', 'not in 30 days']])}
      {/* Offered when an ignore override hides some of what the filters match, and kept while it is on, so it can be
          turned off. Until 6 Dec only a hand-typed `includeIgnored=1` showed hidden endpoints. */}
      <ShowHiddenToggle label="Show ignored" on={query.includeIgnored} total={ignoredTotal} onChange={(on) => setParam('includeIgnored', on ? '1' : undefined)} />
      {/* The shadows `lantern check` and `inventory` leave out unless asked: until 7 Dec the dashboard listed and counted
          them, and its shadow count was not check's. */}
      <ShowHiddenToggle label="Show 404-only and preflights" on={query.includeUnlisted} total={unlistedTotal} onChange={(on) => setParam('includeUnlisted', on ? '1' : undefined)} />
    </div>
  );
}
