// The search fields of the forms, grouped as the 2011 advanced form did (user, call,
// network, header details). Names are the API's (SEARCH_FIELDS in src/query/types.ts, plus
// originatorIp); the simple form shows a few of them under the names support staff use.
import type { MessageDetail } from './types';

/** One input of the search form. */
export interface FieldDef {
  name: string;
  label: string;
  hint?: string;
}

/** A titled group of inputs. */
export interface FieldGroup {
  title: string;
  fields: FieldDef[];
}

/** The simple form: what a support engineer asks about first. */
export const SIMPLE_FIELDS: FieldDef[] = [
  { name: 'toUser', label: 'B-number (To user)', hint: 'e.g. 0211234567, 0211* or +49*;0049*' },
  { name: 'fromUser', label: 'A-number (From user)' },
  { name: 'callId', label: 'Call-ID' },
];

/** Every other field the API searches, in the 2011 groups. */
export const ADVANCED_GROUPS: FieldGroup[] = [
  {
    title: 'User details',
    fields: [
      { name: 'ruriUser', label: 'RURI user' },
      { name: 'pidUser', label: 'PID user (P-Asserted/Preferred-Identity)' },
      { name: 'contactUser', label: 'Contact user' },
      { name: 'authUser', label: 'Auth user' },
    ],
  },
  {
    title: 'Call details',
    fields: [
      { name: 'method', label: 'Method', hint: 'INVITE, BYE, REGISTER …' },
      { name: 'status', label: 'Reply code', hint: '486, 5*' },
      { name: 'reasonPhrase', label: 'Reply reason' },
      { name: 'fromTag', label: 'From tag' },
      { name: 'toTag', label: 'To tag' },
      { name: 'viaBranch', label: 'Via branch' },
      { name: 'cseq', label: 'CSeq number' },
      { name: 'cseqMethod', label: 'CSeq method' },
    ],
  },
  {
    title: 'Network details',
    fields: [
      { name: 'srcIp', label: 'Source IP' },
      { name: 'srcPort', label: 'Source port' },
      { name: 'dstIp', label: 'Destination IP' },
      { name: 'dstPort', label: 'Destination port' },
      { name: 'contactIp', label: 'Contact IP' },
      { name: 'contactPort', label: 'Contact port' },
      { name: 'originatorIp', label: 'Originator IP', hint: 'source or Contact IP' },
      { name: 'transport', label: 'Transport', hint: 'udp, tcp, tls' },
      { name: 'node', label: 'Capture node' },
      { name: 'location', label: 'Location (pattern)' },
    ],
  },
  {
    title: 'Header details',
    fields: [
      { name: 'ruri', label: 'Request-URI' },
      { name: 'via', label: 'Via' },
      { name: 'diversion', label: 'Diversion' },
      { name: 'reason', label: 'Reason' },
      { name: 'contentType', label: 'Content-Type' },
      { name: 'userAgent', label: 'User-Agent / Server' },
    ],
  },
];

/** Every field name the forms can send. */
export const ALL_FIELD_NAMES: string[] = [...SIMPLE_FIELDS, ...ADVANCED_GROUPS.flatMap((g) => g.fields)].map((f) => f.name);

/** Labels for the message detail view, in reading order; unknown fields follow, by name. */
export const DETAIL_LABELS: Array<[keyof MessageDetail, string]> = [
  ['ts', 'Capture time'], ['method', 'Method'], ['status', 'Status'], ['reasonPhrase', 'Reason phrase'],
  ['ruri', 'Request-URI'], ['ruriUser', 'RURI user'], ['ruriDomain', 'RURI domain'],
  ['callId', 'Call-ID'], ['fromUser', 'From user'], ['fromDomain', 'From domain'], ['fromTag', 'From tag'],
  ['toUser', 'To user'], ['toDomain', 'To domain'], ['toTag', 'To tag'], ['pidUser', 'PID user'],
  ['contactUser', 'Contact user'], ['contactIp', 'Contact IP'], ['contactPort', 'Contact port'], ['authUser', 'Auth user'],
  ['cseqNum', 'CSeq number'], ['cseqMethod', 'CSeq method'], ['via', 'Via'], ['viaBranch', 'Via branch'],
  ['userAgent', 'User-Agent / Server'], ['diversion', 'Diversion'], ['reason', 'Reason'], ['contentType', 'Content-Type'],
  ['maxForwards', 'Max-Forwards'], ['srcIp', 'Source IP'], ['srcPort', 'Source port'], ['dstIp', 'Destination IP'],
  ['dstPort', 'Destination port'], ['transport', 'Transport'], ['protoType', 'HEP protocol type'], ['location', 'Location'],
  ['node', 'Capture node'], ['captureId', 'Capture agent id'], ['corr', 'Correlation values'], ['dedupe', 'Payload hash'],
  ['id', 'Message id'],
];
