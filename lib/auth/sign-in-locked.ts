/**
 * How the credentials sign-in tells the form the account is locked (lib/security/sign-in-throttle.ts): next-auth hands
 * the message an `authorize` throws to the client as its `error`. Answered as a wrong password, the right one typed
 * while locked read "Wrong e-mail or password", and a person who had mistyped kept trying it. Saying so tells nothing
 * about the password (it is not checked while locked) nor about the account (an unknown e-mail locks the same way).
 */
const PREFIX = 'SignInLocked:';

export const signInLockedError = (retryAfterMs: number) => `${PREFIX}${Math.max(1, Math.ceil(retryAfterMs / 1000))}`;

/** What the form says for next-auth's `error`, when it is the lockout's; undefined for any other. */
export function signInLockedMessage(error: string | null | undefined): string | undefined {
  if (!error?.startsWith(PREFIX)) return undefined;
  const seconds = Number(error.slice(PREFIX.length));
  if (!Number.isInteger(seconds) || seconds < 1) return undefined;
  const [n, unit] = seconds < 90 ? [seconds, 'second'] : [Math.ceil(seconds / 60), 'minute'];
  const wait = `${n} ${unit}${n === 1 ? '' : 's'}`;
  // The account or the client address may be the one locked (sign-in-throttle.ts): the words fit either.
  return `Too many failed sign-ins: try again in ${wait}.`;
}
