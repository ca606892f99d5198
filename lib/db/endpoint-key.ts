/** One endpoint's key within a batch: host, method and template as stored (ingest folds and looks rows up by it). */
export const keyOf = (host: string, method: string, path: string) => `${host}\n${method}\n${path}`;

/**
 * Endpoints looked up by key in one query: it binds each distinct host and each distinct template (`host IN … AND
 * pathTemplate IN …`), and Prisma refuses more than 999 values a statement on SQLite. It splits one long IN list by
 * itself, not two: 500 hosts beside 500 templates (or one host beside 1,000) failed the batch every time.
 */
export const KEY_LOOKUP_CHUNK = 400;
