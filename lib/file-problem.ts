/**
 * What went wrong opening or reading a path, in the words `cat` and `ls` use: Node's bare code (`ENOENT`, `ENOTDIR`,
 * `EIO`) meant nothing to a user who mistyped a path, and the commands said it in words in some places and as the code
 * in others. A code without words here is given as Node gives it, and an error without a code by its message.
 */
const WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory (a part of the path is a file)',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  EMFILE: 'too many open files',
  // The mirror's listening socket (collectors/mirror).
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this host',
  // Its --listen host by name: the resolver's codes, which were said bare (`ENOTFOUND`).
  ENOTFOUND: 'no such host (the name does not resolve)',
  EAI_AGAIN: 'the host name cannot be resolved now (no DNS server answered)',
};

export function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return WORDS[code] ?? code;
  return err instanceof Error ? err.message : String(err);
}
