/**
 * How many ticks a count axis (requests, endpoints) asks recharts for, given the largest value it shows. With
 * `allowDecimals={false}` recharts keeps its default five ticks by stretching a small axis: one request drew 0–4, a
 * bar a quarter high. One tick per whole number up to the largest keeps the axis at the data; from 4 on, five.
 */
export function countAxisTickCount(largest: number): number {
  return Math.min(5, Math.max(2, Math.ceil(largest) + 1));
}
