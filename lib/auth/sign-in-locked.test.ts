import { expect, test } from 'vitest';
import { signInLockedError, signInLockedMessage } from './sign-in-locked';

test('the lockout reaches the form as the time left, in seconds, then minutes', () => {
  expect(signInLockedMessage(signInLockedError(29_400))).toBe('Too many failed sign-ins: try again in 30 seconds.');
  expect(signInLockedMessage(signInLockedError(15 * 60_000))).toBe('Too many failed sign-ins: try again in 15 minutes.');
  expect(signInLockedMessage(signInLockedError(0))).toBe('Too many failed sign-ins: try again in 1 second.');
});

test("next-auth's other errors are not the lockout", () => {
  expect([signInLockedMessage('CredentialsSignin'), signInLockedMessage(undefined), signInLockedMessage('SignInLocked:x')]).toEqual([undefined, undefined, undefined]);
});
