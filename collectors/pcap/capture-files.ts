import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileIdentity, sameFileTwins } from '../same-file';
import { sniffInput } from '../sniff-input';

export interface CaptureFile {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
}

/**
 * Capture files in a directory, in name order. Numeric runs compare as numbers so tcpdump -C's
 * `trace.pcap`, `trace.pcap1` … `trace.pcap10` come out in the order they were written. Other files
 * (not empty, not hidden, not a capture by their first bytes) are passed to `notCapture`.
 */
export async function listCaptureFiles(dir: string, notCapture?: (name: string) => void): Promise<CaptureFile[]> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.'));
  names.sort(compareNames);
  const out: (CaptureFile & { identity: string })[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = await stat(path);
      if (!st.isFile() || st.size === 0) continue;
      if ((await sniffInput(path)) !== 'capture') {
        notCapture?.(name);
        continue;
      }
      out.push({ path, name, size: st.size, mtimeMs: st.mtimeMs, identity: fileIdentity(st) });
    } catch {
      // Vanished between readdir and stat (rotation deleting old files): nothing to read.
    }
  }
  // A symlink beside the capture it points to is that capture again (../directory-inputs.ts says so).
  const twins = await sameFileTwins(dir, out);
  return out.filter((f) => !twins.has(f.name)).map(({ identity: _, ...f }) => f);
}

const collator = new Intl.Collator('en', { numeric: true });

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}
