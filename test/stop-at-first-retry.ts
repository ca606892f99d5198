import type { ChildProcess } from 'node:child_process';

/**
 * A push whose server is down, stopped by Ctrl-C once its delivery waits out the outage (its first "retrying in"),
 * once only (a second Ctrl-C quits at once): its exit code and everything it wrote to stderr.
 */
export async function stoppedAtFirstRetry(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  let stopped = false;
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!stopped && stderr.includes('retrying in')) stopped = child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stderr };
}
