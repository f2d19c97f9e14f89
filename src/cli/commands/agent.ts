// `siptrail agent`: capture SIP with libpcap and send it as HEP until SIGINT/SIGTERM.
import type { Config } from '../../config/types.js';
import { errorText } from '../../util/error-text.js';
import type { Logger } from '../../log/logger.js';
import { createRegistry } from '../../metrics/registry.js';
import { startAgent } from '../../agent/agent.js';

/** Runs the agent; resolves with the exit code once a signal stopped it. */
export async function agentCommand(cfg: Config, log: Logger): Promise<number> {
  const agent = await startAgent(cfg.agent, { log, registry: createRegistry('agent') });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (sig: string) => {
      if (stopping) process.exit(130);
      stopping = true;
      log.info(`${sig}: stopping the agent (sending what it holds first)`);
      // libpcap's handle only lets go of the event loop after one more packet: exit explicitly.
      void agent.close().then(
        () => {
          resolve(0);
          setTimeout(() => process.exit(0), 50).unref();
        },
        (err: unknown) => {
          log.error(`stopping the agent: ${errorText(err)}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });
}
