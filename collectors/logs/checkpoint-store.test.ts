import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CheckpointStore, type FileCheckpoint } from './checkpoint-store';
import { identifyFile } from './file-identity';

const root = mkdtempSync(join(tmpdir(), 'lantern-checkpoint-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => {
  const dir = join(root, `state-${dirs++}`);
  mkdirSync(dir);
  return dir;
};

const checkpoint: FileCheckpoint = { path: '/var/log/nginx/access.log', dev: '2049', ino: '131', fingerprint: 'ab12', fingerprintLength: 256, offset: 5120, lineNo: 40 };
const position = (cp: FileCheckpoint | undefined) => cp && { offset: cp.offset, lineNo: cp.lineNo, done: cp.done };

async function loaded(stateDir: string, inputs: string[], former?: string[]): Promise<CheckpointStore> {
  const store = new CheckpointStore(stateDir, inputs, undefined, former);
  expect(await store.load()).toBeUndefined();
  return store;
}

/**
 * Since 6 Dec a log follower's checkpoints are keyed by every log and directory named (collectors/extract.ts); a run
 * upgraded from one that keyed them by the logs followed takes that state over instead of reading every log again.
 */
test('a state kept under the key used before is taken over, and the new key wins once written', async () => {
  const stateDir = freshDir();
  const before = new CheckpointStore(stateDir, ['/var/log/nginx']);
  before.set(checkpoint);
  await before.save();

  const upgraded = await loaded(stateDir, ['/var/log/nginx', '/var/capture'], ['/var/log/nginx']);
  expect(position(upgraded.get('2049', '131'))).toEqual(position(checkpoint));
  upgraded.set({ ...checkpoint, offset: 9000, lineNo: 70 });
  await upgraded.save();

  const restarted = await loaded(stateDir, ['/var/capture', '/var/log/nginx'], ['/var/log/nginx']);
  expect(position(restarted.get('2049', '131'))).toEqual({ offset: 9000, lineNo: 70 });
});

/**
 * Until 6 Dec the checkpoints of a set of inputs were its own: `--follow a.log` and then `--follow a.log b.log`
 * started a.log from its first line again, and counted it twice.
 */
test('a file followed under another set of inputs resumes where that set left it, and the later checkpoint wins', async () => {
  const stateDir = freshDir();
  const alone = new CheckpointStore(stateDir, ['/logs/a.log']);
  alone.set(checkpoint);
  await alone.save();

  const both = await loaded(stateDir, ['/logs/a.log', '/logs/b.log']);
  expect(position(both.get('2049', '131'))).toEqual(position(checkpoint));
  both.set({ ...checkpoint, offset: 9000, lineNo: 70 });
  await both.save();

  // Back to a.log alone: its own state is older than the one the pair left.
  const again = await loaded(stateDir, ['/logs/a.log']);
  expect(position(again.get('2049', '131'))).toEqual({ offset: 9000, lineNo: 70 });
  // Inputs that share nothing take them too: harmless, and a directory holding a.log needs them.
  expect(position((await loaded(stateDir, ['/logs'])).get('2049', '131'))).toEqual({ offset: 9000, lineNo: 70 });
});

test('states written before 6 Dec (no time on a checkpoint) are dated by their files: the later file wins', async () => {
  const stateDir = freshDir();
  const write = (inputs: string[], cp: FileCheckpoint, seconds: number) => {
    const store = new CheckpointStore(stateDir, inputs);
    writeFileSync(store.file, JSON.stringify({ version: 1, files: { '2049:131': cp } }));
    utimesSync(store.file, seconds, seconds);
  };
  write(['/logs/a.log'], { ...checkpoint, offset: 100, lineNo: 1 }, 1_700_000_000);
  write(['/logs/a.log', '/logs/b.log'], { ...checkpoint, offset: 200, lineNo: 2 }, 1_700_000_100);
  expect(position((await loaded(stateDir, ['/logs/a.log'])).get('2049', '131'))).toEqual({ offset: 200, lineNo: 2 });
  expect(position((await loaded(stateDir, ['/logs/c.log'])).get('2049', '131'))).toEqual({ offset: 200, lineNo: 2 });
  write(['/logs/a.log'], { ...checkpoint, offset: 300, lineNo: 3 }, 1_700_000_200);
  expect(position((await loaded(stateDir, ['/logs/a.log', '/logs/b.log'])).get('2049', '131'))).toEqual({ offset: 300, lineNo: 3 });
});

test('a checkpoint set after loading is later than every one loaded, even with the clock behind them', async () => {
  const stateDir = freshDir();
  const ahead = new CheckpointStore(stateDir, ['/logs/a.log']);
  writeFileSync(ahead.file, JSON.stringify({ version: 1, files: { '2049:131': { ...checkpoint, at: Date.now() + 3_600_000 } } }));
  const both = await loaded(stateDir, ['/logs/a.log', '/logs/b.log']);
  both.set({ ...checkpoint, offset: 9000, lineNo: 70 });
  await both.save();
  expect(position((await loaded(stateDir, ['/logs/a.log'])).get('2049', '131'))).toEqual({ offset: 9000, lineNo: 70 });
});

test('another file at the same inode in the other state is kept as finished, not lost; an unreadable one is left alone', async () => {
  const stateDir = freshDir();
  const old = new CheckpointStore(stateDir, ['/logs/a.log']);
  old.set({ ...checkpoint, fingerprint: 'old0' });
  await old.save();
  // Loaded first, as a run does: what it sets is later than the other state's.
  const now = await loaded(stateDir, ['/logs/b.log']);
  now.set(checkpoint);
  await now.save();
  writeFileSync(join(stateDir, 'logs-0123456789abcdef.json'), '{"version":1,"files":');
  const merged = await loaded(stateDir, ['/logs/c.log']);
  expect(position(merged.get('2049', '131'))).toEqual(position(checkpoint));
  expect(merged.state.files['2049:131:old0']).toMatchObject({ fingerprint: 'old0', done: true, offset: 5120 });
  // Not this set's to set aside: its own run says it is unreadable when it loads it.
  expect(readdirSync(stateDir)).toContain('logs-0123456789abcdef.json');
});

test('a live log the other state names relative to another working directory is not taken when the name leads elsewhere here', async () => {
  // `a.log` followed in /srv/a, then `a.log b.log` in /srv/b: taken, /srv/b/a.log's tail looked for /srv/a/a.log's
  // file as rotated away and warned that lines may be missing.
  const stateDir = freshDir();
  const here = join(stateDir, 'a.log');
  writeFileSync(here, 'x'.repeat(300));
  const other = new CheckpointStore(stateDir, ['/srv/a/a.log']);
  other.set({ ...checkpoint, path: 'a.log' });
  other.set({ ...checkpoint, path: 'a.log', ino: '132', done: true });
  await other.save();
  const cwd = process.cwd();
  process.chdir(stateDir);
  try {
    const merged = await loaded(stateDir, [join(stateDir, 'a.log'), join(stateDir, 'b.log')]);
    // Finished, it is only ever matched by identity or text: taken.
    expect(Object.keys(merged.state.files)).toEqual(['2049:132']);
    // The name leads to its file here too (the same working directory): taken.
    const id = await identifyFile(here);
    const same = new CheckpointStore(stateDir, ['/srv/b/a.log']);
    same.set({ ...checkpoint, ...id, path: 'a.log', offset: 100, lineNo: 1 });
    await same.save();
    expect(position((await loaded(stateDir, [join(stateDir, 'c.log')])).get(id.dev, id.ino))).toEqual({ offset: 100, lineNo: 1 });
  } finally {
    process.chdir(cwd);
  }
});

test("extract and an inventory read by their own checkpoints; extract takes over one from before owners were written", async () => {
  // Until 6 Dec both kept one state per set of inputs: `extract --follow a.log` (a look) made a later
  // `ingest --follow a.log` skip every line the look had read, and the inventory never got them.
  const stateDir = freshDir();
  const look = new CheckpointStore(stateDir, ['/logs/a.log'], undefined, undefined, 'extract');
  await look.load();
  look.set(checkpoint);
  await look.save();
  const lookOther = new CheckpointStore(stateDir, ['/logs/a.log', '/logs/b.log'], undefined, undefined, 'extract');
  await lookOther.load();
  expect(position(lookOther.get('2049', '131'))).toEqual(position(checkpoint));
  for (const inputs of [['/logs/a.log'], ['/logs/a.log', '/logs/c.log']]) {
    const inventory = new CheckpointStore(stateDir, inputs);
    await inventory.load();
    expect(inventory.get('2049', '131')).toBeUndefined();
  }
  // The inventory's own, saved now, is no look's either.
  const inventory = new CheckpointStore(stateDir, ['/logs/a.log']);
  await inventory.load();
  inventory.set({ ...checkpoint, ino: '132' });
  await inventory.save();
  const lookAgain = new CheckpointStore(stateDir, ['/logs/a.log', '/logs/d.log'], undefined, undefined, 'extract');
  await lookAgain.load();
  expect(lookAgain.get('2049', '132')).toBeUndefined();

  // A state from before owners were written: either may have written it, so both take it over, as before.
  const legacyDir = freshDir();
  writeFileSync(join(legacyDir, 'logs-0123456789abcdef.json'), JSON.stringify({ version: 1, files: { '2049:131': { ...checkpoint, at: 1 } } }));
  const legacyInputs = ['/logs/e.log'];
  for (const owner of ['extract', 'inventory'] as const) {
    const store = new CheckpointStore(legacyDir, legacyInputs, undefined, undefined, owner);
    await store.load();
    expect([owner, position(store.get('2049', '131'))]).toEqual([owner, position(checkpoint)]);
  }
});
