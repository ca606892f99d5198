// What the `lantern user` subcommands say of their arguments, worded once for user.ts, user-set.ts and user-standing.ts.
import { emailSchema } from '../../lib/auth/email';
import { roleSchema } from '../../lib/auth/roles';
import type { UnknownTeamsError } from '../../lib/db/users';

export const ROLE_PROBLEM = `--role must be one of ${roleSchema.options.join(', ')}`;

/** The e-mail a subcommand acts on, or what is wrong with it; `usage` is the command line that shows where it goes. */
export function emailArgument(raw: string | undefined, usage: string): { email: string } | { problem: string } {
  if (raw === undefined) return { problem: `needs the e-mail address (${usage})` };
  const email = emailSchema.safeParse(raw);
  return email.success ? { email: email.data } : { problem: `${JSON.stringify(raw)} is not an e-mail address` };
}

/** The first of `names` given on the command line (a flag counts when set). */
export function firstGiven<K extends string>(values: Partial<Record<K, unknown>>, names: readonly K[]): K | undefined {
  return names.find((n) => values[n] !== undefined && values[n] !== false);
}

export function unexpectedArgument(sub: string, argument: string, hint = ''): string {
  return `lantern user ${sub}: unexpected argument '${argument}'${hint}\nRun 'lantern user --help' for its options.\n`;
}

/** Until 6 Dec "lantern user: unknown team(s): x", and no word of the teams there are nor how one is made. */
export function unknownTeamsProblem(err: UnknownTeamsError): string {
  const known = err.known.length === 0 ? 'there is no team yet' : `the teams are ${err.known.slice(0, 20).join(', ')}${err.known.length > 20 ? ', …' : ''}`;
  return `--team ${err.missing.join(', ')}: no such team${err.missing.length > 1 ? 's' : ''} (${known}; 'lantern spec push --owner TEAM', an ownership rule or an OIDC sign-in makes one)`;
}
