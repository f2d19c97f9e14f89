// Public surface of the HEP package: pure decoders and encoders for HEP v1/v2/v3 plus the HEP3
// stream framer. Capture code imports from here, not from the individual files.

export { decodeHep, HEP3_MAGIC } from './decode-hep.js';
export { decodeHep12 } from './decode-hep12.js';
export { decodeHep3 } from './decode-hep3.js';
export { encodeHep } from './encode-hep.js';
export { HepStreamFramer, type HepFramerOutput, type HepFramerReason } from './stream-framer.js';
export {
  DEFAULT_MAX_PAYLOAD,
  type HepDecodeOptions,
  type HepEncodeOptions,
  type HepEncodeReason,
  type HepExtras,
  type HepFamily,
  type HepFlag,
  type HepPacket,
  type HepRawChunk,
  type HepRejectReason,
  type HepVersion,
} from './types.js';
