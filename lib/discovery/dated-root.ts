import { isCalendarDay } from './calendar-day';

/**
 * A calendar date first in a path is an API's version as often as a day: Twilio's `/2010-04-01/Accounts/…`, AWS
 * Lambda's `/2015-03-31/functions/…` and `/2021-10-31/functions/…/url`, Route 53's `/2013-04-01/hostedzone`. Typed
 * `date` at once like any date, each was `/{date}/…`, the version a parameter and every version's resources one
 * template. So a bare date first stays a literal when observed (typed-segment.ts), unless it is about the request's
 * own day, and templating judges the set of them a host has (templating.ts): versions are few and far apart, released months or years after one another;
 * days that traffic addresses (`/2024-01-05/summary`) come close together, a capture's days one after another.
 * Several dates whose mean gap is at most a month are days, and so are two on consecutive days (a capture over
 * midnight); fewer or farther apart are versions. Lambda's ten dates over six years stay ten literals; a date with a
 * time of day (`2024-01-05T10:00:00Z`) is a moment wherever it stands, typed at once.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Mean days between dates at or under which they are days (a monthly report's), not versions. */
const MAX_MEAN_GAP_DAYS = 31;
const DAY_MS = 86_400_000;

/** `2010-04-01`: a date that exists, with no time of day. */
export function isBareDate(segment: string): boolean {
  return segment.length === 10 && dayNumber(segment) !== undefined;
}

/**
 * Days a bare date may be from its request's and still be that day (today's report, yesterday's summary). A log
 * pushed a file a day has one date in each batch, which the set rule cannot judge, and a literal per day was never
 * folded; versions are older than this by the time clients call them. A version released this month is a `{date}`
 * until then, and the stored template folds its later literals (lib/inventory/shadow-templates.ts).
 */
const NEAR_REQUEST_DAYS = 45;

/** Whether a bare date is within NEAR_REQUEST_DAYS of the request's time (an ISO timestamp). */
export function isNearRequestDay(segment: string, requestedAt: string | undefined): boolean {
  const day = dayNumber(segment);
  const at = requestedAt === undefined ? NaN : Date.parse(requestedAt);
  return day !== undefined && Number.isFinite(at) && Math.abs(at / DAY_MS - day) <= NEAR_REQUEST_DAYS + 1;
}

/** The bare dates among a path's first segments when they are days, not an API's versions; else none. */
export function dayValues(candidates: readonly string[]): string[] {
  const dated = candidates.filter(isBareDate);
  if (dated.length < 2) return [];
  const days = dated.map((d) => dayNumber(d)!).sort((a, b) => a - b);
  const meanGap = (days[days.length - 1] - days[0]) / (days.length - 1);
  const close = dated.length === 2 ? meanGap <= 1 : meanGap <= MAX_MEAN_GAP_DAYS;
  return close ? dated : [];
}

function dayNumber(segment: string): number | undefined {
  const m = DAY.exec(segment);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1900 && year <= 2099 && isCalendarDay(year, month, day) ? Date.UTC(year, month - 1, day) / DAY_MS : undefined;
}
