/**
 * Whether a sunset day (`YYYY-MM-DD`) has come: classification reads it as the UTC midnight that starts it
 * (lib/discovery/classify.ts), so from then on every call is a call past the sunset.
 */
export function sunsetHasCome(day: string, nowMs: number): boolean {
  const at = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(at) && at <= nowMs;
}
