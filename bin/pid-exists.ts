/**
 * Whether a process with that pid exists (EPERM: it does, under another user): the liveness check of the spool's
 * writers (bin/push/spool.ts) and of a follow lock's holder (bin/follow-lock.ts).
 */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
