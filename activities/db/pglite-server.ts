/**
 * Shares one embedded PGlite between Vugge's processes: `npm start` opens it and serves it over
 * the PostgreSQL wire protocol on a Unix socket inside the data directory; the worker, the web app
 * and the CLI connect to it with `pg`, as they would to PostgreSQL.
 *
 * PGlite is one PostgreSQL session. Connections take turns at the level of a whole exchange: a
 * connection holds the session from its first message until PostgreSQL is ready for a query again
 * *outside* a transaction (ReadyForQuery with status 'I'). So a transaction, or an extended query
 * (Parse … Sync, whose unnamed statement another connection would overwrite), is never interleaved
 * with another connection's statements; those wait until it commits or rolls back. A connection
 * that disconnects while holding the session is rolled back; one that holds it idle for longer than
 * `holdTimeoutMs` is cut off and rolled back, so a stopped CLI cannot block the worker.
 *
 * Only the owner can connect: the socket sits in the 0700 data directory and is itself 0600.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

export interface PgliteServerOptions {
  /** Cut off a connection that holds the session without sending anything for this long (default 60 s). */
  holdTimeoutMs?: number;
}

export interface PgliteServer {
  readonly socketPath: string;
  /** How many connections are open now. */
  connections(): number;
  close(): Promise<void>;
}

/** One connection at a time holds the session; the others queue here in arrival order. */
class SessionLock {
  private holder: Connection | undefined;
  private readonly waiting: Array<{ conn: Connection; grant: (granted: boolean) => void }> = [];

  isHeldBy(conn: Connection): boolean {
    return this.holder === conn;
  }

  /** Resolves true once `conn` holds the session; false when it went away while waiting. */
  acquire(conn: Connection): Promise<boolean> {
    if (this.holder === conn) return Promise.resolve(true);
    if (!this.holder) {
      this.holder = conn;
      return Promise.resolve(true);
    }
    return new Promise((grant) => this.waiting.push({ conn, grant }));
  }

  release(conn: Connection): void {
    if (this.holder !== conn) return;
    const next = this.waiting.shift();
    this.holder = next?.conn;
    next?.grant(true);
  }

  forget(conn: Connection): void {
    const i = this.waiting.findIndex((w) => w.conn === conn);
    if (i >= 0) this.waiting.splice(i, 1)[0]!.grant(false);
  }
}

/** The status byte of the last ReadyForQuery ('Z') in a backend response, if there is one. */
export function lastReadyStatus(response: Uint8Array): string | undefined {
  let status: string | undefined;
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength);
  for (let at = 0; at + 5 <= response.length; ) {
    const type = response[at]!;
    const length = view.getInt32(at + 1);
    if (type === 0x5a && at + 5 < response.length) status = String.fromCharCode(response[at + 5]!);
    at += 1 + length;
  }
  return status;
}

const message = (type: string, body: Uint8Array = new Uint8Array()): Uint8Array => {
  const out = new Uint8Array(5 + body.length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
};
const SYNC = message('S');
const ROLLBACK = message('Q', new TextEncoder().encode('ROLLBACK\0'));

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private closed = false;
  private holdTimer: NodeJS.Timeout | undefined;
  /** Everything this connection does runs in order on this chain: its messages, then its clean-up. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly lock: SessionLock,
    private readonly holdTimeoutMs: number,
    private readonly onGone: (conn: Connection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.then(() => this.drain());
    });
    socket.on('error', () => this.gone());
    socket.on('close', () => this.gone());
  }

  private then(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((err: unknown) => {
      console.error(`Databaseserveren lukkede en forbindelse efter en fejl / the database server closed a connection after an error: ${err instanceof Error ? err.message : String(err)}`);
      this.socket.destroy();
    });
  }

  /** The next whole message in the buffer: a startup-phase packet (no type byte) or a typed one. */
  private nextMessage(): Buffer | undefined {
    const b = this.buffer;
    const headerAt = this.started ? 1 : 0;
    if (b.length < headerAt + 4) return undefined;
    const total = headerAt + b.readInt32BE(headerAt);
    if (b.length < total) return undefined;
    this.buffer = b.subarray(total);
    return b.subarray(0, total);
  }

  private async drain(): Promise<void> {
    for (let msg = this.nextMessage(); msg && !this.closed; msg = this.nextMessage()) await this.handle(msg);
  }

  private async handle(msg: Buffer): Promise<void> {
    if (!this.started) {
      const code = msg.length >= 8 ? msg.readInt32BE(4) : 0;
      // No TLS on a private socket; the client carries on in plain text.
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return void this.socket.write('N');
      // PGlite has no backend to interrupt: a cancel request is dropped, as PostgreSQL does with an unknown key.
      if (code === CANCEL_REQUEST) return void this.socket.end();
      if (code !== PROTOCOL_3) return void this.socket.destroy();
      this.started = true;
    } else if (msg[0] === 0x58 /* Terminate */) {
      this.socket.end();
      return;
    }
    if (!(await this.lock.acquire(this))) return;
    clearTimeout(this.holdTimer);
    const response = await this.db.runExclusive(() => this.db.execProtocolRaw(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength)));
    if (response.length && !this.socket.destroyed) this.socket.write(response);
    if (lastReadyStatus(response) === 'I') return this.lock.release(this);
    // Mid-transaction or mid-extended-query: keep the session, but not forever.
    this.holdTimer = setTimeout(() => {
      console.error('En forbindelse til databasen holdt en transaktion åben for længe og blev afbrudt / a database connection held a transaction open too long and was cut off.');
      this.socket.destroy();
    }, this.holdTimeoutMs);
    this.holdTimer.unref();
  }

  /** Gone: stop waiting; if it held the session, finish any extended query and roll back what it left open. */
  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.holdTimer);
    this.lock.forget(this);
    this.then(async () => {
      try {
        if (!this.lock.isHeldBy(this)) return;
        await this.db.runExclusive(async () => {
          await this.db.execProtocolRaw(SYNC);
          if (this.db.isInTransaction()) await this.db.execProtocolRaw(ROLLBACK);
        });
      } finally {
        this.lock.release(this);
        this.onGone(this);
      }
    });
  }

  end(): void {
    this.socket.destroy();
  }

  /** Resolves when everything this connection started has finished. */
  settled(): Promise<void> {
    return this.chain;
  }
}

/** Serves `db` on the Unix socket `socketPath` (a stale socket file there is replaced). */
export async function servePglite(db: PGlite, socketPath: string, options: PgliteServerOptions = {}): Promise<PgliteServer> {
  const lock = new SessionLock();
  const open = new Set<Connection>();
  const holdTimeoutMs = options.holdTimeoutMs ?? 60_000;
  const server: Server = createServer((socket) => {
    const conn = new Connection(socket, db, lock, holdTimeoutMs, (c) => open.delete(c));
    open.add(conn);
  });
  rmSync(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    connections: () => open.size,
    async close() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      const connections = [...open];
      for (const conn of connections) conn.end();
      await Promise.all(connections.map((c) => c.settled()));
      await closing;
      rmSync(socketPath, { force: true });
    },
  };
}
