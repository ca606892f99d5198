import type { LineFormat, LineStatus } from './line-format';
import { blankText, MAX_LINE_BYTES } from './line-splitter';

/**
 * The CRI log format kubelet's runtimes (containerd, CRI-O) write for every container, in /var/log/pods and
 * /var/log/containers: `<RFC 3339 time> <stdout|stderr> <tags> <content>`, where the tag `P` marks a part of a
 * line the runtime split (over 16 KiB by default) and `F` its last part. A DaemonSet reading a node's ingress
 * or sidecar access logs reads this envelope around the proxy's own lines.
 */
const CRI_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) (stdout|stderr) ([A-Z](?::[A-Z])*) ?/;

/** A line the runtime took from the container's stderr. */
export function isCriStderr(line: string): boolean {
  const m = CRI_LINE.exec(line);
  return m !== null && m[1] === 'stderr';
}

const NONE: readonly number[] = [];

interface CriLine {
  stderr: boolean;
  partial: boolean;
  content: string;
}

function criLine(line: string): CriLine | undefined {
  const m = CRI_LINE.exec(line);
  if (!m) return undefined;
  return { stderr: m[1] === 'stderr', partial: m[2].split(':').includes('P'), content: line.slice(m[0].length) };
}

/**
 * The contents of the first lines of a file when most of them are CRI lines (parts joined; a damaged line among
 * them is left out), else undefined: what the formats are sniffed on.
 */
export function criContents(lines: readonly string[]): string[] | undefined {
  const out: string[] = [];
  const parts = { stdout: '', stderr: '' };
  let cri = 0;
  for (const line of lines) {
    const c = criLine(line);
    if (!c) continue;
    cri++;
    const stream = c.stderr ? 'stderr' : 'stdout';
    if (c.partial) parts[stream] += c.content;
    else {
      out.push(parts[stream] + c.content);
      parts[stream] = '';
    }
  }
  return cri > 0 && cri * 2 > lines.length ? out : undefined;
}

/**
 * Reads CRI lines with `inner`, one file's lines in order: the envelope is taken off, a split line is joined
 * before it is parsed (its record names the line of its first part), and a stderr line that is no exchange
 * is skipped rather than malformed (proxies write their own diagnostics there: nginx's error log, Envoy's).
 * A part is counted as a line read and nothing else until its line is whole. `heldLines` names the first part
 * of each line still waiting for its last: a follower's checkpoint keeps where it starts, so a restart reads the
 * parts again (log-reader.ts) instead of taking the last part for a malformed line.
 */
export function criEnvelope(inner: LineFormat): LineFormat {
  const held = () => ({ open: false, text: '', line: 0, tooLong: false });
  const pending = { stdout: held(), stderr: held() };
  const innerOrigin = { file: '', line: 0 };
  let earlier: LineFormat | undefined;
  return {
    name: `${inner.name} (CRI)`,
    continueFrom: (format) => {
      earlier = format;
    },
    takeHeld: (stream) => {
      const part = stream === 'stdout' || stream === 'stderr' ? pending[stream] : undefined;
      if (!part?.open) return undefined;
      const { text, tooLong } = part;
      Object.assign(part, held());
      return { text, tooLong };
    },
    looksLike: (line) => CRI_LINE.test(line),
    // Asked after every line: nothing allocated while no line is in parts, nearly always.
    heldLines: () => {
      const { stdout, stderr } = pending;
      if (!stdout.open) return stderr.open ? [stderr.line] : NONE;
      if (!stderr.open) return [stdout.line];
      return stdout.line < stderr.line ? [stdout.line, stderr.line] : [stderr.line, stdout.line];
    },
    parse(line, origin, emit): LineStatus {
      const cri = criLine(line);
      if (!cri) return 'invalid';
      const stream = cri.stderr ? 'stderr' : 'stdout';
      const part = pending[stream];
      if (!part.open) {
        part.open = true;
        part.line = origin.line;
        // Its first parts may be in the file kubelet rotated away: joined here, named by this file's line.
        const before = earlier?.takeHeld?.(stream);
        if (before) Object.assign(part, before);
        // Let go once it holds nothing more: each file's reader would otherwise keep every one before it alive.
        if (earlier && !earlier.heldLines?.().length) earlier = undefined;
      }
      if (!part.tooLong && part.text.length + cri.content.length > MAX_LINE_BYTES) {
        part.tooLong = true;
        part.text = '';
      }
      if (cri.partial) {
        if (!part.tooLong) part.text += cri.content;
        return 'ok';
      }
      const { text: head, line: first, tooLong } = part;
      Object.assign(part, held());
      if (tooLong) return 'invalid';
      const whole = head + cri.content;
      // A blank line (a container's echo) is no line to read, as in a plain log: until 6 Dec it was malformed.
      if (blankText(whole)) return 'skip';
      innerOrigin.file = origin.file;
      innerOrigin.line = first;
      const status = inner.parse(whole, innerOrigin, emit);
      return status === 'invalid' && cri.stderr ? 'skip' : status;
    },
  };
}
