// One capture node the agent sends HEP to, and how the agent knows it is alive:
//
//   tcp  one connection; up while connected. A refused connect, a reset or a close marks it
//        down at once; it reconnects every probeIntervalMs.
//   udp  a connected UDP socket; up while the health probe answers: every probeIntervalMs a
//        TCP connect to the same host:port (the capture node's HEP TCP listener, on by
//        default next to the UDP one). A port-unreachable answer to a datagram
//        (ECONNREFUSED on the connected socket) marks it down before the next probe.
//        probe=none: up as soon as the socket is bound.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIP, type Socket } from 'node:net';

/** What a target tells the set that routes over it. */
export interface TargetEvents {
  up(t: Target): void;
  down(t: Target, why: string): void;
  /** A congested target can take messages again. */
  drain(t: Target): void;
}

/** Health check and reconnect settings. */
export interface TargetOptions {
  probe: 'tcp' | 'none';
  probeIntervalMs: number;
}

/** A capture node: sends HEP messages while up. */
export interface Target {
  readonly name: string;
  readonly up: boolean;
  /** Sends one HEP message; false when the target cannot take it now (down or congested). */
  send(msg: Buffer): boolean;
  /** Resolves once the first health answer is in, or after `ms`. */
  settled(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Bytes queued on a TCP connection beyond which it counts as congested. */
const TCP_HIGH_WATER = 1024 * 1024;

// Up/down bookkeeping shared by both transports: events fire on changes only.
abstract class BaseTarget implements Target {
  up = false;
  protected closed = false;
  private known = false;
  private settledWaiters: (() => void)[] = [];

  constructor(readonly name: string, protected host: string, protected port: number, protected opt: TargetOptions, protected events: TargetEvents) {}

  abstract send(msg: Buffer): boolean;
  abstract close(): Promise<void>;

  settled(ms: number): Promise<void> {
    if (this.known) return Promise.resolve();
    return new Promise((r) => {
      const timer = setTimeout(r, ms);
      this.settledWaiters.push(() => {
        clearTimeout(timer);
        r();
      });
    });
  }

  protected setUp(): void {
    this.settle();
    if (this.up || this.closed) return;
    this.up = true;
    this.events.up(this);
  }

  protected setDown(why: string): void {
    this.settle();
    if (!this.up || this.closed) return;
    this.up = false;
    this.events.down(this, why);
  }

  private settle(): void {
    this.known = true;
    for (const w of this.settledWaiters.splice(0)) w();
  }
}

/** HEP over UDP, health by TCP connect probe. */
export class UdpTarget extends BaseTarget {
  private sock: UdpSocket;
  private timer: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(name: string, host: string, port: number, opt: TargetOptions, events: TargetEvents) {
    super(name, host, port, opt, events);
    this.sock = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    this.sock.on('error', (err) => this.setDown(`UDP socket: ${err.message}`));
    this.sock.connect(port, host, () => {
      if (opt.probe === 'none') this.setUp();
      else this.probe();
    });
    if (opt.probe === 'tcp') this.timer = setInterval(() => this.probe(), opt.probeIntervalMs);
  }

  send(msg: Buffer): boolean {
    if (!this.up) return false;
    this.sock.send(msg, (err) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ECONNREFUSED') this.setDown('port unreachable (ECONNREFUSED)');
    });
    return true;
  }

  private probe(): void {
    if (this.probing || this.closed) return;
    this.probing = true;
    const s = connect({ host: this.host, port: this.port });
    s.setTimeout(this.opt.probeIntervalMs);
    const done = (why: string | null) => {
      s.destroy();
      this.probing = false;
      if (why === null) this.setUp();
      else this.setDown(`health probe (TCP connect to ${this.name}): ${why}`);
    };
    s.once('connect', () => done(null));
    s.once('timeout', () => done(`no answer within ${this.opt.probeIntervalMs} ms`));
    s.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await new Promise<void>((r) => this.sock.close(() => r()));
  }
}

/** HEP3 over one TCP connection, reconnecting while down. */
export class TcpTarget extends BaseTarget {
  private sock: Socket | null = null;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(name: string, host: string, port: number, opt: TargetOptions, events: TargetEvents) {
    super(name, host, port, opt, events);
    this.open();
  }

  send(msg: Buffer): boolean {
    const s = this.sock;
    if (!this.up || !s || s.writableLength > TCP_HIGH_WATER) return false;
    s.write(msg);
    return true;
  }

  private open(): void {
    if (this.closed) return;
    const s = connect({ host: this.host, port: this.port });
    this.sock = s;
    let lastError = 'connection closed by the capture node';
    // A connect that hangs (host gone, packets dropped) counts as a failure too.
    s.setTimeout(Math.max(1000, this.opt.probeIntervalMs * 3), () => {
      if (s.connecting) s.destroy(new Error(`no connection within ${Math.max(1000, this.opt.probeIntervalMs * 3)} ms`));
    });
    s.once('connect', () => {
      s.setTimeout(0);
      s.setNoDelay(true);
      s.setKeepAlive(true, 5000);
      this.setUp();
    });
    s.on('drain', () => this.events.drain(this));
    s.on('data', () => {}); // a capture node sends nothing; reading keeps the socket flowing
    s.on('error', (err: NodeJS.ErrnoException) => {
      lastError = err.code ?? err.message;
    });
    s.once('close', () => {
      if (this.sock === s) this.sock = null;
      this.setDown(`TCP ${lastError}`);
      if (!this.closed) this.reconnect = setTimeout(() => this.open(), this.opt.probeIntervalMs);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const s = this.sock;
    if (!s) return;
    await new Promise<void>((r) => {
      const t = setTimeout(() => {
        s.destroy();
        r();
      }, 2000);
      s.once('close', () => {
        clearTimeout(t);
        r();
      });
      s.end();
    });
  }
}
