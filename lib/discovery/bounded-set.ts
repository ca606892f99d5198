/**
 * A set that keeps at most `limit` values, always the smallest ones in code-unit order, so what it
 * holds depends only on what was added and never on the order it arrived in.
 */
export class BoundedSet {
  private readonly values: string[] = [];
  /** True once a value was dropped: the UI says "50+" rather than "50". */
  overflowed = false;

  constructor(private readonly limit: number) {}

  add(value: string): void {
    const v = this.values;
    let lo = 0;
    let hi = v.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    if (v[lo] === value) return;
    if (v.length >= this.limit) {
      this.overflowed = true;
      if (lo >= v.length) return;
      v.pop();
    }
    v.splice(lo, 0, value);
  }

  addAll(other: BoundedSet): void {
    for (const value of other.values) this.add(value);
    if (other.overflowed) this.overflowed = true;
  }

  has(value: string): boolean {
    return this.values.includes(value);
  }

  get size(): number {
    return this.values.length;
  }

  toArray(): string[] {
    return [...this.values];
  }
}
