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

/**
 * A `--format` no reader has, or a format string that does not compile, said before any input is read: until 6 Dec it
 * was said only once a log came to be read, after the run's summary, and not at all when the inputs were captures
 * (exit 0, the typo unseen). The log readers are imported only when a format is given (they load zod).
 */
export async function logFormatProblem(values: LogFormatValues): Promise<string | undefined> {
  if (values.format === undefined && values['nginx-format'] === undefined && values['apache-format'] === undefined) return undefined;
  // `--nginx-format "$FMT"` with FMT unset: until 7 Dec passed over, the logs read by whatever format they suggested.
  for (const option of ['nginx-format', 'apache-format'] as const) {
    if (values[option]?.trim() === '') return `--${option} is empty (an unset variable?): give the format string the logs were written with`;
  }
  const { createLineFormats } = await import('../collectors/logs/registry');
  try {
    createLineFormats({ ...logFormatFrom(values), fingerprintKey: 'format-check' });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
