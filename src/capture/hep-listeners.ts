// HEP listeners: UDP sockets (one HEP message per datagram) and TCP/TLS servers (HEP3
// messages back to back, framed by their total length; a bad frame closes that
// connection, counted). Every listener checks the sender against the allow-list.
import { createSocket, type Socket } from 'node:dgram';
import { errorText } from '../util/error-text.js';
import { createServer as createTcpServer, isIP, type Server, type Socket as TcpSocket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { readFileSync } from 'node:fs';
import { HepStreamFramer } from '../hep/index.js';
import { parseHostPort } from '../config/parse-value.js';
import type { Logger } from '../log/logger.js';
import { nowMicros, type Ingest } from './ingest.js';

/** A bound listener and how to close it. */
export interface Listener {
  kind: 'udp' | 'tcp' | 'tls';
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Most concurrent HEP stream connections per listener. */
const MAX_CONNECTIONS = 1024;

function hostPort(text: string, kind: string): { host: string; port: number } {
  const hp = parseHostPort(text);
  if (!hp.ok) throw new Error(`capture.hep${kind}: ${hp.detail}`);
  return { host: hp.value.host, port: hp.value.port ?? 9060 };
}

/** Binds a UDP HEP socket. */
export async function listenUdp(address: string, ingest: Ingest, allowed: (a: string) => boolean, log: Logger): Promise<Listener> {
  const { host, port } = hostPort(address, 'Udp');
  const sock: Socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4' });
  sock.on('message', (msg, rinfo) => {
    if (!allowed(rinfo.address)) {
      ingest.reject('not-allowed', `sender ${rinfo.address} is not in capture.allowNetworks`, rinfo.address);
      return;
    }
    ingest.hep(msg, 'udp', rinfo.address, nowMicros());
  });
  sock.on('error', (err) => log.error(`HEP UDP ${address}: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    sock.once('error', (err: NodeJS.ErrnoException) => reject(new Error(`capture.hepUdp ${address}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`)));
    sock.bind(port, host, () => resolve());
  });
  // A deep receive buffer rides out scheduling stalls (a busy host, a GC pause) without the
  // kernel dropping datagrams; Linux caps it at net.core.rmem_max, so say when it did.
  const want = 16 * 1024 * 1024;
  try {
    sock.setRecvBufferSize(want);
  } catch {
    // the kernel refused the size; the check below reports what we got
  }
  const got = sock.getRecvBufferSize();
  if (got < want) log.warn(`HEP UDP ${address}: receive buffer ${Math.round(got / 1048576)} MiB, not ${want / 1048576} MiB (net.core.rmem_max); bursts may be dropped by the kernel: sysctl -w net.core.rmem_max=${want}`);
  const bound = sock.address();
  log.info(`HEP UDP listening on ${host}:${bound.port}`);
  return { kind: 'udp', address: host, port: bound.port, close: () => new Promise((r) => sock.close(() => r())) };
}

/** Limits of one stream listener's connections. */
export interface StreamLimits {
  /** Connections one sender address may hold at once. */
  maxPerAddress: number;
  /** Idle time after which a connection is closed, ms. */
  idleMs: number;
}

/** The defaults of capture.tcpMaxPerAddress and capture.tcpIdleSec. */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxPerAddress: 16, idleMs: 120_000 };

/** An IPv4-mapped IPv6 peer counts as its IPv4 address. */
const peerKey = (a: string) => (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

function onStream(kind: 'tcp' | 'tls', sock: TcpSocket, ingest: Ingest, allowed: (a: string) => boolean, idleMs: number): void {
  const from = sock.remoteAddress ?? '?';
  if (!allowed(from)) {
    ingest.reject('not-allowed', `sender ${from} is not in capture.allowNetworks`, from);
    sock.destroy();
    return;
  }
  const framer = new HepStreamFramer();
  sock.setNoDelay(true);
  sock.on('data', (chunk: Buffer) => {
    const out = framer.push(chunk);
    for (const m of out.messages) ingest.hep(m, kind, from, nowMicros());
    if (out.error) {
      ingest.reject(`stream-${out.error.reason}`, `${out.error.detail}; closing the ${kind.toUpperCase()} connection`, from);
      sock.destroy();
    }
  });
  sock.on('error', () => sock.destroy());
  sock.setTimeout(idleMs, () => sock.destroy());
}

/** Starts a TCP (or, with cert and key, TLS) HEP3 stream listener. */
export async function listenStream(kind: 'tcp' | 'tls', address: string, ingest: Ingest, allowed: (a: string) => boolean, log: Logger, tls?: { cert: string; key: string }, limits: StreamLimits = DEFAULT_STREAM_LIMITS): Promise<Listener> {
  const { host, port } = hostPort(address, kind === 'tcp' ? 'Tcp' : 'Tls');
  const sockets = new Set<TcpSocket>();
  const perAddress = new Map<string, number>();
  const handler = (sock: TcpSocket) => {
    // One sender cannot hold every slot: connections beyond its share are refused and counted.
    const peer = peerKey(sock.remoteAddress ?? '?');
    const held = perAddress.get(peer) ?? 0;
    if (held >= limits.maxPerAddress) {
      ingest.reject('too-many-connections', `sender ${peer} already holds ${held} ${kind.toUpperCase()} connections (capture.tcpMaxPerAddress)`, peer);
      sock.destroy();
      return;
    }
    perAddress.set(peer, held + 1);
    sockets.add(sock);
    sock.on('close', () => {
      sockets.delete(sock);
      const n = (perAddress.get(peer) ?? 1) - 1;
      if (n <= 0) perAddress.delete(peer);
      else perAddress.set(peer, n);
    });
    onStream(kind, sock, ingest, allowed, limits.idleMs);
  };
  let server: Server;
  if (kind === 'tls') {
    if (!tls?.cert || !tls.key) throw new Error('capture.hepTls needs capture.tlsCert and capture.tlsKey');
    let cert: Buffer, key: Buffer;
    try {
      cert = readFileSync(tls.cert);
      key = readFileSync(tls.key);
    } catch (err) {
      throw new Error(`capture.tlsCert/tlsKey: cannot read (${errorText(err)})`, { cause: err });
    }
    server = createTlsServer({ cert, key, minVersion: 'TLSv1.2' }, handler);
    server.on('tlsClientError', (err: Error) => ingest.reject('tls-handshake', err.message));
  } else {
    server = createTcpServer(handler);
  }
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(`capture.hep${kind === 'tcp' ? 'Tcp' : 'Tls'} ${address}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`)));
    server.listen(port, host, () => resolve());
  });
  server.on('error', (err) => log.error(`HEP ${kind.toUpperCase()} ${address}: ${err.message}`));
  const addr = server.address();
  const boundPort = typeof addr === 'object' && addr ? addr.port : port;
  log.info(`HEP ${kind.toUpperCase()} listening on ${host}:${boundPort}`);
  return {
    kind,
    address: host,
    port: boundPort,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
