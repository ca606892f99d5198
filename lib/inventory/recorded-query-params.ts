import { recordedQueryName } from '../exchange/query-names';
import { renamedCounts } from './renamed-counts';

/**
 * Query names as the server stores them: the rule collectors apply (lib/exchange/query-names.ts
 * `recordedQueryName`) applied again at the server's door, because a collector older than that rule sends a bare
 * token (`/download?<signed token>`) as a name. Names that become `{redacted}` are merged, their counts added.
 * Idempotent, and the same object back when nothing changes (the common case).
 */
export function withRecordedQueryNames(params: Record<string, number>): Record<string, number> {
  return renamedCounts(params, recordedQueryName);
}
