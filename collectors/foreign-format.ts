import { gunzipPrefix, inflateWhole } from './sniff-input';

/**
 * Compressed files and captures Lantern does not read, told by their first bytes, with what to do instead. Without
 * this they went to the log reader, which said that no log format fits and to try --format: `tcpdump -z xz`,
 * logrotate's `compresscmd` or an archive often hand over a capture as `.xz`, `.zst` or `.bz2`.
 */
const FOREIGN: { magic: number[]; what: string; instead: string }[] = [
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed', instead: 'decompress it first (xz -d)' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed', instead: 'decompress it first (zstd -d)' },
  { magic: [0x04, 0x22, 0x4d, 0x18], what: 'lz4-compressed', instead: 'decompress it first (lz4 -d)' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive', instead: 'extract it first (unzip)' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7z archive', instead: 'extract it first (7z x)' },
  { magic: [0x73, 0x6e, 0x6f, 0x6f, 0x70, 0, 0, 0], what: 'a snoop capture', instead: 'convert it first (editcap -F pcapng)' },
  // Kuznetzov's modified pcap (old SuSE and Red Hat tcpdump): pcap's magic but for one byte, longer record headers.
  { magic: [0xa1, 0xb2, 0xcd, 0x34], what: 'a modified (Kuznetzov) pcap capture', instead: 'convert it first (editcap -F pcapng)' },
  { magic: [0x34, 0xcd, 0xb2, 0xa1], what: 'a modified (Kuznetzov) pcap capture', instead: 'convert it first (editcap -F pcapng)' },
  { magic: [0x47, 0x4d, 0x42, 0x55], what: 'a Network Monitor capture', instead: 'convert it first (editcap -F pcapng)' },
];

/** What the bytes are, and what to do, when they are a format Lantern knows it does not read; else undefined. */
export function foreignFormat(head: Buffer): string | undefined {
  // bzip2: "BZh" and a block size digit.
  if (head.length >= 4 && head.toString('latin1', 0, 3) === 'BZh' && head[3] >= 0x31 && head[3] <= 0x39) {
    return 'bzip2-compressed, which Lantern does not read (it reads pcap, pcapng and logs, plain or gzip): decompress it first (bzip2 -d)';
  }
  const known = FOREIGN.find(({ magic }) => head.length >= magic.length && magic.every((b, i) => head[i] === b));
  return known && `${known.what}, which Lantern does not read (it reads pcap, pcapng and logs, plain or gzip): ${known.instead}`;
}

/**
 * A gzip input from which too little inflates to tell a format by (`gzip -c x.pcapng | head -c 100`, a copy cut
 * short): until 6 Dec it went to the log reader, which said it found no complete line to tell the format from.
 */
export const GZIP_CUT = 'a gzip file cut or damaged before its first bytes of content: nothing inflates from it to tell what it holds (gzip -t says what is wrong)';

/** Whether `raw` (an input's first bytes: all of it, or a full head) is gzip cut or damaged before its content shows. */
export function gzipCutBeforeContent(raw: Buffer): boolean {
  return raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b && gunzipPrefix(raw).length < 4 && inflateWhole(raw, 1 << 20) === undefined;
}

/** What a file's first bytes (as the sniff read them) are when Lantern knows it does not read them: foreignFormat, or GZIP_CUT. */
export function foreignFormatIn(head: Buffer): string | undefined {
  return gzipCutBeforeContent(head) ? GZIP_CUT : foreignFormat(head);
}

/** The names tcpdump, dumpcap and Wireshark give captures, gzipped or not. */
const CAPTURE_NAME = /\.(pcap|pcapng|cap)(\.gz)?$/i;

/**
 * A file named as a capture whose first bytes are binary but no capture's magic number (a capture cut or overwritten
 * at its start, another tool's format renamed): until 6 Dec it went to the log reader, which said no log format fits
 * its first lines and to try --format. Binary: a NUL in its first 64 bytes, as every pcap and pcapng header has and no
 * log line; a text file named so is left to the log reader, and a format given (--format…) says it is a log after all.
 */
export function notCaptureAsNamed(name: string, head: Buffer): string | undefined {
  if (!CAPTURE_NAME.test(name)) return undefined;
  const content = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b ? gunzipPrefix(head) : head;
  if (content.length < 4 || !content.subarray(0, 64).includes(0)) return undefined;
  return `not a pcap or pcapng capture, as its name says: it begins 0x${content.toString('hex', 0, 4)}, where a capture has its magic number (pcap a1b2c3d4 or d4c3b2a1, nanosecond pcap a1b23c4d or 4d3cb2a1, pcapng 0a0d0d0a)`;
}
