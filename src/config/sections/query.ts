// The `query` section: users and sessions of the query role.
import { int, section, text } from '../section.js';

/** The query role's first admin and session length. */
export const querySection = section({
  name: 'query',
  help: 'the query role: the first admin and sessions',
  keys: {
    adminUser: text({ nonEmpty: true, default: 'admin', help: 'name of the first admin, created at start-up when no user exists' }),
    adminPassword: text({ default: '', help: 'password of that first admin (empty: a generated one, printed once in the log)' }),
    sessionHours: int({ min: 1, max: 720, default: 12, help: 'how long a login lasts' }),
  },
});
