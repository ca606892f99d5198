/**
 * An override as a person reads it. `*` is how a method or host left open is stored (lib/db/overrides.ts), and shown
 * as stored it read as part of the path ("* shop.test/health", "GET *" then the path).
 */
export function overrideLabel(o: { method: string; host: string; pattern: string }): string {
  const where = o.host === '*' ? `${o.pattern} on any host` : `${o.host}${o.pattern}`;
  return o.method === '*' ? `${where}, any method` : `${o.method} ${where}`;
}
