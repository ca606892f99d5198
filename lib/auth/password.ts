import bcrypt from 'bcryptjs';

/**
 * bcrypt (cost 12) through bcryptjs: pure JavaScript, so it builds everywhere Lantern runs without a native
 * toolchain, and maintained. ~250 ms per hash here, which is the point.
 */
const COST = 12;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
