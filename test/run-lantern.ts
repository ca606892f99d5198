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

/** Runs `bin/lantern` with exactly `env`, and gives its exit code and output however it ended. */
export async function runLantern(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(LANTERN, args, { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
