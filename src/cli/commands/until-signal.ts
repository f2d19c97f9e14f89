// How a long-running command ends: the first SIGINT/SIGTERM runs its shutdown, a second one
// exits at once.
import type { Logger } from '../../log/logger.js';

/** Resolves with exit code 0 once `shutdown` has run after the first SIGINT or SIGTERM. */
export function untilSignal(log: Logger, shutdown: () => Promise<unknown>): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (sig: string) => {
      if (stopping) {
        log.warn(`${sig} again: exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      log.info(`${sig}: stopping`);
      void shutdown().then(() => resolve(0));
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });
}
