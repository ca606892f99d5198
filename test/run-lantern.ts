import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../bin/lantern');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bin/lantern` with exactly `env`, and gives its exit code and output however it ended. `killAfterMs`: for a run
 * that might never end (the bug under test), killed then and said as code -1 with `killed` in stderr, so a hang fails
 * the test instead of outliving it. `input`: written to its standard input, which is then closed.
 */
export async function runLantern(args: string[], env: NodeJS.ProcessEnv, options: { killAfterMs?: number; input?: string } = {}): Promise<CliRun> {
  try {
    const running = run(LANTERN, args, { env, timeout: options.killAfterMs ?? 0, killSignal: 'SIGKILL' });
    if (options.input !== undefined) running.child.stdin!.end(options.input);
    const { stdout, stderr } = await running;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number | null; killed?: boolean; stdout: string; stderr: string };
    if (e.code === null) return { code: -1, stdout: e.stdout, stderr: `${e.stderr}(killed${e.killed ? ' after killAfterMs' : ''})` };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
