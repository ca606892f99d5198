/** A count as people read it, with thousands separators (100,000, not 100000), the same on server and client. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
