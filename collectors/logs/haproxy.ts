import type { Exchange } from '../../lib/exchange';
import { createClfTimeParser } from './clf-time';
import { addressValue, nonNegativeInt, statusValue, type FingerprintKey } from './exchange-fields';
import type { LineFormat } from './line-format';
import { applyRequestLine } from './request-line';

/**
 * HAProxy's HTTP log format (`option httplog`), with or without the syslog prefix:
 *
 *   Feb  6 12:14:14 lb1 haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1
 *   10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"
 *
 * The accept date has no zone: HAProxy writes the host's local time, read here as UTC. The last timer
 * is the total time in ms (Tt before 1.7, Ta after). TCP-mode lines (three timers, no status) are skipped.
 */
export function createHaproxyFormat(key: FingerprintKey): LineFormat {
  const clfTime = createClfTimeParser();
  return {
    name: 'haproxy',
    looksLike: (line) => /\d:\d+ \[\d{2}\/\w{3}\/\d{4}:[\d:.]+\] \S+ \S+\/\S+ /.test(line),
    parse(line, origin, emit) {
      const open = acceptDate(line);
      if (open === -1) return 'invalid';
      const close = line.indexOf('] ', open);
      if (close === -1) return 'invalid';
      const ts = clfTime(line, open + 2, close);
      if (!ts) return 'invalid';
      const clientStart = line.lastIndexOf(' ', open - 1) + 1;
      const rest = line.slice(close + 2).split(' ', 6);
      if (rest.length < 4) return 'invalid';
      const timers = rest[2].split('/');
      if (timers.length !== 5) return timers.length === 3 ? 'skip' : 'invalid';
      const status = statusValue(rest[3]);
      const quote = line.indexOf(' "', close);
      const ex: Exchange = { ts };
      const src = addressValue(line.slice(clientStart, open));
      if (src) ex.src = src;
      if (quote !== -1) {
        const end = line.endsWith('"') ? line.length - 1 : line.length;
        applyRequestLine(ex, line.slice(quote + 2, end), key);
      }
      if (status !== undefined) ex.status = status;
      const total = nonNegativeInt(timers[4].replace(/^\+/, ''));
      if (total !== undefined) ex.latencyMs = total;
      const bytes = nonNegativeInt(rest[4]?.replace(/^\+/, ''));
      if (bytes !== undefined) ex.responseBytes = bytes;
      if (!ex.method && ex.status === undefined) return 'invalid';
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
}

/** Index of ` [` opening the accept date (`[06/Feb/2009:12:14:14.655]`), skipping syslog's own fields. */
function acceptDate(line: string): number {
  let i = line.indexOf(' [');
  while (i !== -1) {
    const d = line.charCodeAt(i + 2);
    if (d >= 48 && d <= 57 && line.charCodeAt(i + 4) === 47) return i;
    i = line.indexOf(' [', i + 1);
  }
  return -1;
}
