import { listDirectoryFiles } from '../directory-files';
import { fileIdentity, sameFileTwins } from '../same-file';
import { sniffInput } from '../sniff-input';

export interface CaptureFile {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
}

/**
 * Capture files in a directory, in name order (../directory-files.ts: tcpdump -C's `trace.pcap`, `trace.pcap1` …
 * `trace.pcap10` in the order they were written). Other files (not empty, not hidden, not a capture by their first
 * bytes) are passed to `notCapture`.
 */
export async function listCaptureFiles(dir: string, notCapture?: (name: string) => void): Promise<CaptureFile[]> {
  const out: (CaptureFile & { identity: string })[] = [];
  for (const { name, path, stats } of await listDirectoryFiles(dir)) {
    // Undefined: vanished since it was listed (rotation deleting old files), or unreadable: nothing to read.
    const kind = await sniffInput(path).catch(() => undefined);
    if (kind === undefined) continue;
    if (kind !== 'capture') {
      notCapture?.(name);
      continue;
    }
    out.push({ path, name, size: stats.size, mtimeMs: stats.mtimeMs, identity: fileIdentity(stats) });
  }
  // A symlink beside the capture it points to is that capture again (../directory-inputs.ts says so).
  const twins = await sameFileTwins(dir, out);
  return out.filter((f) => !twins.has(f.name)).map(({ identity: _, ...f }) => f);
}
