/** One endpoint's key within a batch: host, method and template as stored (ingest folds and looks rows up by it). */
export const keyOf = (host: string, method: string, path: string) => `${host}\n${method}\n${path}`;
