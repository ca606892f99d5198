import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every test file gets its own temporary directory as TMPDIR, removed when the file is done (vitest's setupFiles).
 * The tests' mkdtemp calls (spool-*, lantern-test-*, lantern-e2e-*, lantern-pcap-* …) and the CLIs, servers and
 * browsers they start, which inherit TMPDIR, all land in it: before, each run left hundreds of directories in /tmp,
 * databases and captures included, since most tests never removed what they made. Node's tmpdir() reads TMPDIR
 * at every call. This hook is registered first, so it runs after the file's own afterAll hooks stopped its servers.
 */
const shared = tmpdir();
const root = mkdtempSync(join(shared, 'lantern-tests-'));
// Passable by other users, as /tmp is: servers that drop root (squid runs as proxy) write into the 0777 directory a
// test made for them inside; what the tests make themselves stays 0700 (mkdtemp).
chmodSync(root, 0o755);
process.env.TMPDIR = root;

// tsx keeps its transform cache in $TMPDIR/tsx-<uid>: the children a test starts through tsx keep sharing the one
// in the real temporary directory instead of transforming every module again in each file's.
const tsxCache = `tsx-${process.geteuid?.() ?? userInfo().username}`;
mkdirSync(join(shared, tsxCache), { recursive: true });
symlinkSync(join(shared, tsxCache), join(root, tsxCache));

afterAll(() => {
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
});
