// The `log` section: level and format of every role's log.
import { oneOf, section } from '../section.js';

/** Logging. */
export const logSection = section({
  name: 'log',
  help: 'logging of every role',
  keys: {
    level: oneOf({ values: ['error', 'warn', 'info', 'debug'], default: 'info', help: 'log level' }),
    format: oneOf({ values: ['auto', 'json', 'pretty'], default: 'auto', help: 'auto: pretty on a terminal, JSON otherwise' }),
  },
});
