/**
 * `extract`, `discover`, `ingest` and `push` given options but no input (`push --server $S --token $T $DIR` with $DIR
 * unset): what they lack is said, where until 7 Dec their whole help was, as for the bare command. Exit 2.
 */
export function missingInput(command: string): number {
  process.stderr.write(`lantern ${command}: needs an input: a file, a directory, or - for standard input\nRun 'lantern ${command} --help' for its options.\n`);
  return 2;
}
