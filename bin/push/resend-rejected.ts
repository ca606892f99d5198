import { readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { env } from '../../lib/env';
import { secondsOptionProblem } from '../seconds-option';
import { serverOptionProblem } from '../server-option';
import { stopOnSignal } from '../stop-on-signal';
import { drainSpool } from './drain-spool';
import { sendBatch } from './send-batch';
import { createSpool, REJECTED, spoolDirFor } from './spool';

export const RESEND_HELP = `Usage: lantern push --resend-rejected [--server URL --token T] [--retry-for SECONDS]

Sends again the batches set aside in the spool's rejected/ directory for this server (a batch the server refused, a
spool file that could not be read), once the cause is fixed (the server upgraded, its LANTERN_INGEST_MAX_BYTES raised,
a clock set right). Each goes back into the spool and is sent as any spooled batch: taken, kept spooled while the
server is down, or set aside again with the server's reason. Batches are counted once however often they are sent.
Exit codes: 0 all taken, 1 some refused again, 2 usage, 3 batches left spooled (server unreachable), 130 (143) stopped
by Ctrl-C (SIGTERM): what was not taken stays spooled for the next push.
`;

/**
 * `lantern push --resend-rejected`: what `drainSpool` set aside is never sent again on its own (a refusal is about the
 * batch, and resending it at every run would only be refused again), and until 6 Dec nothing sent it again at all:
 * after a server upgrade or a raised limit the batches stayed in rejected/ and their traffic was never counted.
 */
export async function resendRejected(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'resend-rejected': { type: 'boolean' },
      server: { type: 'string' },
      token: { type: 'string' },
      'retry-for': { type: 'string', default: '600' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const usageError = (text: string) => {
    process.stderr.write(`lantern push --resend-rejected: ${text}\nRun 'lantern push --resend-rejected --help' for its options.\n`);
    return 2;
  };
  if (values.help) {
    process.stdout.write(RESEND_HELP);
    return 0;
  }
  if (positionals.length > 0) return usageError(`unexpected argument '${positionals[0]}' (it sends what is set aside, no input)`);
  const server = values.server ?? env().LANTERN_SERVER;
  const token = values.token ?? env().LANTERN_TOKEN;
  if (!server || !token) return usageError('needs --server and --token (a token with scope ingest)');
  const problem = serverOptionProblem(server) ?? secondsOptionProblem('--retry-for', values['retry-for']);
  if (problem) return usageError(problem);
  const spool = createSpool(spoolDirFor(env().LANTERN_DATA_DIR, server));
  // Sent with them, and counted with them: said apart (until 6 Dec "1 set-aside batch(es) sent again: 3 applied").
  const spooledBefore = (await spool.keys()).length;
  const moved = await moveBack(spool.dir);
  const log = (m: string) => process.stderr.write(`lantern: ${m}\n`);
  if (moved === 0) {
    log(`nothing set aside in ${join(spool.dir, REJECTED)}`);
    return 0;
  }
  // Stopped (Ctrl-C, SIGTERM) while a server is down: said, where until 6 Dec Node's default ended it unsaid, rejected/
  // empty and its batches in the spool with nothing saying so.
  const stopped = stopOnSignal(log);
  const drained = await drainSpool(spool, (b) => sendBatch(server, token, b), Date.now() + Number(values['retry-for']) * 1000, log, stopped.signal).finally(stopped.release);
  for (const r of drained.rejected) log(`rejected again, set aside in ${spool.dir}/rejected: ${r}`);
  const withOthers = spooledBefore > 0 ? `, with ${spooledBefore} spooled before` : '';
  const left = drained.remaining > 0 ? `, ${drained.remaining} left spooled` : '';
  log(`${moved} set-aside batch(es) sent again${withOthers}: ${drained.applied} applied, ${drained.duplicate} already counted, ${drained.rejected.length} refused again${left}`);
  if (stopped.signal.aborted) return stopped.name === 'SIGINT' ? 130 : 143;
  if (drained.remaining > 0) return 3;
  return drained.rejected.length > 0 ? 1 : 0;
}

/** Every file in rejected/ back into the spool; one whose key is spooled already is the same batch, left where it is. */
async function moveBack(dir: string): Promise<number> {
  const names = (await readdir(join(dir, REJECTED)).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  let moved = 0;
  for (const name of names) {
    if (await stat(join(dir, name)).then(() => true, () => false)) continue;
    if (await rename(join(dir, REJECTED, name), join(dir, name)).then(() => true, () => false)) moved++;
  }
  return moved;
}
