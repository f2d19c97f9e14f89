// The `query` section: users and sessions of the query role.
import { int, section, text } from '../section.js';

/** The query role's first admin, session length and the budget of one search request. */
export const querySection = section({
  name: 'query',
  help: 'the query role: the first admin, sessions, and how much work one search request may do',
  keys: {
    adminUser: text({ nonEmpty: true, default: 'admin', help: 'name of the first admin, created at start-up when no user exists' }),
    adminPassword: text({ default: '', help: 'password of that first admin (empty: a generated one, written to adminPasswordFile)' }),
    adminPasswordFile: text({ nonEmpty: true, default: '.siptrail/admin-password', help: 'file (mode 0600) the generated first admin password is written to; the log names the file, never the password' }),
    sessionHours: int({ min: 1, max: 720, default: 12, help: 'how long a login lasts' }),
    searchDeadlineMs: int({ min: 100, max: 600_000, default: 10_000, help: 'wall time one search request may take before it answers with what it has (complete: false, a cursor to continue); a request may ask for less' }),
    searchMaxReads: int({ min: 8, max: 10_000_000, default: 20_000, help: 'store reads (CQL requests, each page counted) one search request may make; a request may ask for fewer' }),
    callMaxRows: int({ min: 100, max: 1_000_000, default: 5_000, help: 'messages of one Call-ID on one day that a call view or call export reads; more are cut and the answer says so' }),
    callMaxMb: int({ min: 1, max: 4096, default: 32, help: 'MiB of one Call-ID on one day (payloads plus about 200 bytes a message) that a call view or call export reads' }),
    searchMaxRows: int({ min: 1000, max: 100_000_000, default: 1_000_000, help: 'candidate rows one search request may read, matching or not; a request may ask for fewer' }),
  },
});
