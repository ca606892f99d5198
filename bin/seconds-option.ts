/** The longest a Node timer waits: a longer --flush-every became a 1 ms interval (TimeoutOverflowWarning). */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * What is wrong with a number of seconds given to `--flush-every` (an interval: more than 0) or `--retry-for` (0 gives
 * up at once), or undefined. Until 6 Dec either was taken as Number() took it: `--retry-for abc` retried an unreachable
 * server forever, and `--flush-every abc` or `0` flushed in a busy loop.
 */
export function secondsOptionProblem(option: '--flush-every' | '--retry-for', value: string): string | undefined {
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  const interval = option === '--flush-every';
  if (Number.isNaN(seconds) || (interval && (seconds === 0 || seconds > MAX_TIMER_SECONDS))) {
    return `${option}: '${value}' is not a number of seconds${interval ? ` above 0 and at most ${MAX_TIMER_SECONDS}` : ''}`;
  }
  return undefined;
}
