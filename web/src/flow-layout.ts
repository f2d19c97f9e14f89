// Geometry of the call-flow sequence diagram, as a pure function of the CallFlow: one
// column per host, one row per message in time order, arrows from source to destination.
// The page draws it as SVG (pages/flow.ts); tests check the numbers here.
import { formatDelta, showTime } from './time';
import type { CallFlow } from './types';

/** Left gutter holding time, delta and leg of each row. */
export const GUTTER = 220;
/** Distance between two host columns. */
export const COLUMN = 170;
/** Height of one message row. */
export const ROW = 32;
/** Height of the sticky header with the host names. */
export const HEADER = 56;

/** What kind of message an arrow is, for its style. */
export type ArrowKind = 'request' | 'provisional' | 'success' | 'redirect' | 'failure' | 'other';

/** One arrow of the diagram. */
export interface Arrow {
  index: number;
  id: string;
  x1: number;
  x2: number;
  y: number;
  label: string;
  kind: ArrowKind;
  /** Responses are dashed, requests solid. */
  dashed: boolean;
  /** Source and destination are the same host: drawn as a loop. */
  self: boolean;
  leg: number;
  time: string;
  delta: string;
}

/** The diagram: columns, arrows and total size. */
export interface FlowLayout {
  columns: Array<{ x: number; label: string; key: string; aliased: boolean }>;
  arrows: Arrow[];
  width: number;
  height: number;
}

/** Style class of a message from its status. */
export function arrowKind(m: { isRequest: boolean; status: number | null }): ArrowKind {
  if (m.isRequest) return 'request';
  if (m.status === null) return 'other';
  if (m.status < 200) return 'provisional';
  if (m.status < 300) return 'success';
  if (m.status < 400) return 'redirect';
  return 'failure';
}

/** Lays a call flow out: column x positions, arrow rows, and the drawing's size. */
export function layoutFlow(flow: CallFlow): FlowLayout {
  const columns = flow.hosts.map((h, i) => ({ x: GUTTER + COLUMN / 2 + i * COLUMN, label: h.label, key: h.key, aliased: h.label !== h.key }));
  const arrows = flow.messages.map((m, i): Arrow => {
    const x1 = columns[m.srcHost]?.x ?? GUTTER;
    const x2 = columns[m.dstHost]?.x ?? GUTTER;
    return {
      index: i, id: m.id, x1, x2, y: ROW * i + ROW * 0.75, label: m.label, kind: arrowKind(m), dashed: !m.isRequest && m.status !== null,
      self: m.srcHost === m.dstHost, leg: m.leg, time: showTime(m.ts).time, delta: i === 0 ? 'start' : formatDelta(m.deltaMicros),
    };
  });
  return {
    columns,
    arrows,
    width: GUTTER + Math.max(1, columns.length) * COLUMN,
    height: Math.max(1, arrows.length) * ROW + ROW / 2,
  };
}
