/**
 * A JSON column value whose keys come from traffic (query, cookie or JSON names, status and auth maps), as Prisma
 * is to write it. Prisma copies a plain object key by key into a fresh `{}` before sending it, and that assignment
 * drops a `__proto__` key (it sets the copy's prototype instead), so a query parameter named `__proto__` vanished
 * from the stored row. An object with `toJSON` is sent as what `toJSON` returns (Prisma's `InputJsonValue`), whose
 * own `__proto__` key JSON.stringify writes like any other.
 */
export function jsonColumn<T extends object>(value: T): { toJSON(): T } {
  return { toJSON: () => value };
}
