// Public surface of the SIP stage: framing, parsing, and the parsed message type.

export { parseSip } from './parse.js';
export { splitSipMessages } from './split.js';
export type { SipMessage, SipParseOptions, SipRejectReason } from './types.js';
