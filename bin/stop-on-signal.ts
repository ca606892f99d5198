/**
 * SIGINT/SIGTERM as a request to stop: `signal` aborts, `name` says which came, and a second of either ends the run
 * at once, as Node's default would (handlers are `once`). `release` takes the handlers off when the run is done;
 * `leaveTo` while a part of the run that ends on them its own way (standard input) runs.
 */
export function stopOnSignal(log: (m: string) => void) {
  const controller = new AbortController();
  const stop = { signal: controller.signal, name: '' as NodeJS.Signals | '', release, leaveTo };
  const on = (name: NodeJS.Signals) => {
    stop.name = name;
    log(`${name}: stopping after what is being read or sent (again to quit at once)`);
    controller.abort();
  };
  process.once('SIGINT', on);
  process.once('SIGTERM', on);
  function release() {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  }
  async function leaveTo<T>(work: () => Promise<T>): Promise<T> {
    release();
    try {
      return await work();
    } finally {
      process.once('SIGINT', on);
      process.once('SIGTERM', on);
    }
  }
  return stop;
}
