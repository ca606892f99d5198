/**
 * A collector's exchanges per day since it first reported, or undefined before it has reported over an hour: one
 * batch (a demo seed, a `lantern push` of one file) was divided by a floor of an hour and shown as a rate
 * (7,953 exchanges → "190,872/day"), a figure nothing ever sent.
 */
export function exchangesPerDay(exchanges: number, createdAt: string, lastSeenAt: string | null): number | undefined {
  const span = Date.parse(lastSeenAt ?? createdAt) - Date.parse(createdAt);
  if (!(span >= 3_600_000)) return undefined;
  return Math.round(exchanges / (span / 86_400_000));
}
