/**
 * `new Date(ms).toISOString()` for capture timestamps, with the part up to the second cached: consecutive
 * exchanges share their second, and formatting a Date per exchange was a visible share of building one.
 */
const MS_SUFFIX = Array.from({ length: 1000 }, (_, n) => `${String(n).padStart(3, '0')}Z`);
/** Date's own range (ECMA-262 TimeClip); outside it, and for NaN, Date decides (and throws) as before. */
const MAX_TIME = 8.64e15;

let cachedSecond = -1;
let cachedPrefix = '';

export function isoTimestamp(ms: number): string {
  if (!(ms >= 0 && ms < MAX_TIME)) return new Date(ms).toISOString();
  // Date truncates a fractional time value toward zero (TimeClip), which for ms ≥ 0 is floor.
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    cachedPrefix = iso.slice(0, iso.length - 4);
    cachedSecond = second;
  }
  return cachedPrefix + MS_SUFFIX[whole - second * 1000];
}
