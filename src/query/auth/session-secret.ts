// The secret that signs session tokens: 32 random bytes made by whichever query node asks
// first and shared through the store, so a token from one node is good on every other.
import { randomBytes } from 'node:crypto';
import type { SharedSettings } from '../../store/directory.js';

/** Name of the shared setting holding the secret. */
export const SESSION_SECRET_SETTING = 'session-secret';

/** The cluster's session secret, created on first use. */
export async function sessionSecret(settings: SharedSettings): Promise<Buffer> {
  return Buffer.from(await settings.sharedSetting(SESSION_SECRET_SETTING, () => randomBytes(32)));
}
