import { setTimeout as sleep } from 'node:timers/promises';
import { sortDirectory } from './directory-inputs';

/** As often as the log follower looks (collectors/logs/follow.ts): a log's first lines are not kept waiting longer. */
const POLL_MS = 200;

export type FollowedKind = 'captures' | 'logs';

/**
 * `--follow` on a directory that holds nothing to read yet (created by the deployment before the proxy or tcpdump
 * started, or holding only a log not written yet): which follower it needs is not known until its first file with
 * content comes. Looks until a capture or a log is there and says which (a capture wins when both came between two
 * looks, as when the directory is sorted at the start); undefined when the signal stops the wait first.
 */
export async function awaitDirectoryKind(dir: string, signal?: AbortSignal): Promise<FollowedKind | undefined> {
  while (!signal?.aborted) {
    // A directory removed or not mounted yet holds nothing yet, as for the followers.
    const found = await sortDirectory(dir).catch(() => undefined);
    if (found?.hasCaptures) return 'captures';
    if (found && found.logs.length > 0) return 'logs';
    await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
  }
  return undefined;
}
