// Exports of a call or a result set: pcap for Wireshark, plain text, JSON.

export { exportJson, messageToJson, type JsonMessage } from './json-export.js';
export { addressPair, exportPcap, MAX_PCAP_PAYLOAD } from './pcap-export.js';
export { exportText, messageHeading, readablePayload } from './text-export.js';
export { utcIso, utcText } from './utc-time.js';
