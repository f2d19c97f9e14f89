// Call-flow assembly: pure steps from the rows of a call group to the JSON the UI draws.

export { assembleCallFlow, type AssembleOptions, type CallLeg } from './assemble.js';
export { timeDeltas, type Delta } from './deltas.js';
export { captureOf, DEFAULT_FOLD_WINDOW_MICROS, foldDuplicates, type Capture } from './fold-duplicates.js';
export { aliasLookup, canonicalIp, hostKey } from './alias-lookup.js';
export { hostColumns } from './hosts.js';
export { messageLabel } from './labels.js';
export { compareRows, mergeLegs, type LegRow } from './merge-legs.js';
export { linkMessages, type MessageLinks } from './transactions.js';
export type { CallFlow, FlowHost, FlowMessage, SeenAt } from './types.js';
