import type { Logger } from 'pino';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Stops the process cleanly on SIGTERM or SIGINT: `close` finishes what is in hand (answers in
 * flight, jobs being processed) and the process exits 0; past `timeoutMs` it exits 1 and what was
 * left is taken over elsewhere (a job's lock lapses, a carrier retries its webhook). A second
 * signal during the stop is ignored rather than killing the process halfway: a terminal's Ctrl-C
 * reaches both `npm start`'s supervisor and its children, and the supervisor then sends SIGTERM.
 */
export function stopOnSignals(close: () => Promise<void>, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs }, 'stopping: finishing what is in hand');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'did not stop in time; exiting with work left to others');
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
