/**
 * The log-format overrides every command that reads inputs takes (extract, discover, ingest/push): one definition,
 * so a command's parser cannot lag behind its help's "as for 'extract'" again (discover did until 5 Dec).
 */
export const LOG_FORMAT_OPTIONS = {
  format: { type: 'string' },
  'nginx-format': { type: 'string' },
  'apache-format': { type: 'string' },
} as const;

type LogFormatValues = { format?: string; 'nginx-format'?: string; 'apache-format'?: string };

/** The parsed options as collectors/extract.ts takes them. */
export function logFormatFrom(values: LogFormatValues) {
  return { format: values.format, nginxFormat: values['nginx-format'], apacheFormat: values['apache-format'] };
}
