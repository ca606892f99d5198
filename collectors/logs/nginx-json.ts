import type { FieldKind } from './log-template';
import { exchangeFromFields } from './log-template';
import type { JsonRecordFormat } from './json-record';
import { nginxFieldOf } from './nginx-format';

/**
 * nginx `log_format … escape=json '{"remote_addr":"$remote_addr",…}'`: JSON whose keys are usually the
 * variable names, sometimes the short names people pick. Each key maps to the field its variable
 * would, and the record is built exactly as for a text `log_format`.
 */
const ALIASES: Record<string, FieldKind> = {
  timestamp: 'timeIso', '@timestamp': 'timeIso', time: 'timeIso', remote_ip: 'src', client_ip: 'src', client: 'src',
  method: 'method', path: 'path', user_agent: 'userAgent', useragent: 'userAgent', agent: 'userAgent',
  duration: 'durSec', response_time: 'durSec', bytes: 'bytesOut', size: 'bytesOut', protocol: 'protocol',
};

export const nginxJsonFormat: JsonRecordFormat = {
  name: 'nginx-json',
  matches: (r) =>
    (typeof r.request === 'string' || typeof r.request_uri === 'string' || typeof r.uri === 'string') &&
    'status' in r &&
    ['time_local', 'time_iso8601', 'msec', 'timestamp', '@timestamp', 'time'].some((k) => k in r),
  toExchange(r, key) {
    const values: Array<[FieldKind, string]> = [];
    for (const [name, value] of Object.entries(r)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const lower = name.toLowerCase();
      const kind = ALIASES[lower] ?? nginxFieldOf(lower);
      if (kind !== 'ignore') values.push([kind, String(value)]);
    }
    return exchangeFromFields(values, key, false, true) ?? 'invalid';
  },
};
