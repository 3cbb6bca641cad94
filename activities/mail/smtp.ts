/**
 * The SMTP side: a transport that hands a mail over in two steps, and the translation of SMTP
 * failures into Temporal's terms.
 *
 * Two steps, so that a worker dying mid-send neither loses a mail nor, but for a moment of
 * microseconds, sends it twice: the envelope and the whole message go to the server, then
 * `beforeFinalDot` runs (the sender writes the mail as sent in a database transaction), lets the
 * final "." go — the one byte sequence after which the server owns the mail — and commits as soon as
 * the dot is written. A server drops a mail whose connection ends without its dot, so anything that
 * fails before it (the database, this process) leaves nothing delivered.
 *
 * A rejected recipient (5xx on RCPT) or a rejected message (5xx after the final dot) cannot be
 * fixed by retrying; everything else — refused connections, timeouts, 4xx "try later", a login
 * problem an operator can fix — is retried by the activity's retry policy:
 *   { initialInterval: '30s', backoffCoefficient: 2, maximumInterval: '30m', maximumAttempts: 0 }
 * with startToCloseTimeout ≈ 2 min. Past VUGGE_UNDELIVERABLE_AFTER the activity gives up itself.
 */
import { Readable, type Writable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { MailConfig } from './config.js';

/** Where a failed send stopped: before the final dot nothing was delivered; after it, the server may have the mail. */
export interface SendFailure extends Error {
  /** True when the final dot had been let go (the server then has the mail unless it answered with a refusal). */
  afterFinalDot: boolean;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** What the activities need of a transport. */
export interface MailTransport {
  /**
   * Hands `message` over up to its final dot and calls `beforeFinalDot(letDotGo)`; the dot goes out
   * when it calls `letDotGo()` (or resolves without calling it), and never if it rejects first.
   * `letDotGo()` resolves true once the dot is written to the connection, false when the connection
   * failed first (the caller must then not record the mail). A rejection after the dot is the
   * caller's to handle. Resolves when the server accepted the
   * mail and `beforeFinalDot` has settled; rejects with a `SendFailure`, or with `beforeFinalDot`'s
   * own error when it rejected before the dot.
   */
  send(message: Mail.Options, beforeFinalDot: (letDotGo: () => Promise<boolean>) => Promise<void>): Promise<void>;
  close(): void;
}

/** Mails one connection carries before it is replaced, and how long an unused connection stays open. */
const MESSAGES_PER_CONNECTION = 100;
const IDLE_MS = 10_000;

interface Idle {
  connection: SMTPConnection;
  sent: number;
  timer: NodeJS.Timeout;
  /** Drops the entry when the server closes the kept connection. */
  onEnd: () => void;
}

export function createSmtpTransport(smtp: MailConfig['smtp']): MailTransport {
  // loadMailConfig refuses this already; a transport built some other way must not either.
  if (smtp.auth && smtp.secure === 'none') throw new Error('Et SMTP-login sendes aldrig uden TLS. / An SMTP login is never sent without TLS.');
  const options: SMTPConnection.Options = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure === 'tls',
    requireTLS: smtp.secure === 'starttls',
    ignoreTLS: smtp.secure === 'none',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
  const limit = smtp.pool ? smtp.maxConnections : Number.POSITIVE_INFINITY;
  const idle: Idle[] = [];
  const waiting: (() => void)[] = [];
  let busy = 0;
  let closed = false;

  async function open(): Promise<SMTPConnection> {
    const connection = new SMTPConnection(options);
    // An error after a step settled (an idle connection dropped by the server) must not crash the worker.
    connection.on('error', () => undefined);
    try {
      await step(connection, (done) => connection.connect(done));
      if (smtp.auth) await step(connection, (done) => connection.login(smtp.auth!, done));
    } catch (err) {
      connection.close();
      throw err;
    }
    return connection;
  }

  async function acquire(): Promise<{ connection: SMTPConnection; sent: number; reused: boolean }> {
    while (busy >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    busy++;
    const kept = idle.pop();
    if (kept) {
      clearTimeout(kept.timer);
      kept.connection.removeListener('end', kept.onEnd);
      return { connection: kept.connection, sent: kept.sent, reused: true };
    }
    try {
      return { connection: await open(), sent: 0, reused: false };
    } catch (err) {
      release();
      throw err;
    }
  }

  function release(): void {
    busy--;
    waiting.shift()?.();
  }

  function keep(connection: SMTPConnection, sent: number): void {
    if (!smtp.pool || closed || sent >= MESSAGES_PER_CONNECTION) return void connection.quit();
    const entry: Idle = { connection, sent, timer: setTimeout(() => drop(entry, true), IDLE_MS), onEnd: () => drop(entry, false) };
    entry.timer.unref();
    connection.once('end', entry.onEnd);
    idle.push(entry);
  }

  function drop(entry: Idle, quit: boolean): void {
    clearTimeout(entry.timer);
    entry.connection.removeListener('end', entry.onEnd);
    const at = idle.indexOf(entry);
    if (at >= 0) idle.splice(at, 1);
    if (quit) entry.connection.quit();
  }

  /** One attempt on one connection: what it got to, so the caller knows what a failure means. */
  interface Attempt {
    /** The send reported its outcome (a refused envelope does so before the message is read at all). */
    settled?: boolean;
    /** `beforeFinalDot` was called. */
    recording: boolean;
    /** The final dot was let go. */
    afterFinalDot: boolean;
    /** Resolves true once the dot is written to the connection, false when the connection failed first. */
    dotWritten?: Promise<boolean>;
    /** Settles `dotWritten` with false (the connection failed). */
    dotLost?: () => void;
    /** Why `beforeFinalDot` failed before the dot, thrown as it came. */
    recordError?: unknown;
    /** `beforeFinalDot` settled. */
    recorded?: Promise<void>;
  }

  async function sendOn(connection: SMTPConnection, envelope: SMTPConnection.Envelope, raw: Buffer, beforeFinalDot: (letDotGo: () => Promise<boolean>) => Promise<void>, attempt: Attempt): Promise<void> {
    let given = false;
    /** What nodemailer pipes this message into: its DATA stream, which writes the final dot to the socket when the message ends. */
    let dataStream: NodeJS.WritableStream | undefined;
    // nodemailer reads this stream only once the server has said 354 to DATA, and sends the final dot when it ends.
    const message = new Readable({
      read() {
        if (!given) {
          given = true;
          this.push(raw);
          return;
        }
        if (attempt.recording) return;
        // A refused envelope: nodemailer drains the message into nothing after reporting the refusal; no record, no dot.
        if (attempt.settled) return void this.push(null);
        attempt.recording = true;
        const letDotGo = (): Promise<boolean> => {
          if (attempt.dotWritten) return attempt.dotWritten;
          // The connection failed meanwhile: there is nothing to let go, and nothing may be recorded.
          if (attempt.settled || !dataStream) return Promise.resolve(false);
          const data = dataStream;
          attempt.afterFinalDot = true;
          attempt.dotWritten = new Promise<boolean>((resolve) => {
            attempt.dotLost = () => resolve(false);
            // The DATA stream ends right after it wrote the dot; then wait until the socket has handed it to the system.
            data.once('end', () => void socketDrained(connection).then(() => resolve(true)));
          });
          this.push(null);
          return attempt.dotWritten;
        };
        attempt.recorded = beforeFinalDot(letDotGo).then(
          () => void letDotGo(),
          (err: unknown) => {
            // After the dot the caller handles its own failure; after a connection failure, that failure is the one to report.
            if (attempt.afterFinalDot || attempt.settled) return;
            attempt.recordError = err;
            this.destroy(err instanceof Error ? err : new Error(String(err)));
          },
        );
      },
    });
    const pipe = message.pipe.bind(message);
    message.pipe = ((destination, options) => {
      dataStream = destination;
      return pipe(destination, options);
    }) as typeof message.pipe;
    try {
      await step(connection, (done) =>
        connection.send(envelope, message, (err) => {
          attempt.settled = true;
          done(err);
        }),
      );
    } finally {
      attempt.settled = true;
      attempt.dotLost?.();
      // A record still under way when the connection failed sees `letDotGo()` answer false and stops.
      await attempt.recorded;
    }
  }

  return {
    async send(mail, beforeFinalDot) {
      if (closed) throw Object.assign(new Error('The mail transport is closed.'), { afterFinalDot: false, code: 'ECONNECTION' });
      const compiled = new MailComposer(mail).compile();
      const envelope = compiled.getEnvelope() as SMTPConnection.Envelope;
      const raw = await new Promise<Buffer>((resolve, reject) => compiled.build((err, message) => (err ? reject(err) : resolve(message))));
      for (let round = 1; ; round++) {
        let taken: Awaited<ReturnType<typeof acquire>>;
        try {
          taken = await acquire();
        } catch (err) {
          throw Object.assign(err as Error, { afterFinalDot: false });
        }
        const attempt: Attempt = { recording: false, afterFinalDot: false };
        try {
          await sendOn(taken.connection, envelope, raw, beforeFinalDot, attempt);
          keep(taken.connection, taken.sent + 1);
          return;
        } catch (err) {
          const failure = err as SendFailure;
          // A refused recipient leaves the connection usable; anything else, a record that failed included, ends it without the dot.
          if (!attempt.recording && typeof failure.responseCode === 'number' && failure.code === 'EENVELOPE') keepAfterReset(taken.connection, taken.sent);
          else taken.connection.close();
          if (attempt.recordError !== undefined) throw attempt.recordError;
          // A kept connection the server had closed meanwhile: nothing went out, so try once on a new one.
          if (taken.reused && !attempt.recording && failure.responseCode === undefined && round === 1) continue;
          throw Object.assign(failure, { afterFinalDot: attempt.afterFinalDot });
        } finally {
          release();
        }
      }
    },
    close() {
      closed = true;
      for (const entry of idle.splice(0)) {
        clearTimeout(entry.timer);
        entry.connection.quit();
      }
    },
  };

  function keepAfterReset(connection: SMTPConnection, sent: number): void {
    connection.reset((err) => (err ? connection.close() : keep(connection, sent)));
  }
}

/**
 * Waits until the connection's socket has handed everything written to it to the operating system
 * (nodemailer keeps the socket to itself; without it, there is nothing to wait for).
 */
async function socketDrained(connection: SMTPConnection): Promise<void> {
  const socket = (connection as unknown as { _socket?: Writable })._socket;
  if (!socket || socket.writableLength === 0 || socket.destroyed) return;
  await new Promise<void>((resolve) => {
    socket.once('drain', resolve);
    socket.once('close', resolve);
  });
}

/**
 * One step on a connection (connect, login, send). nodemailer reports a broken connection as an
 * 'error' or 'end' event rather than through the step's callback, so those end the step too.
 */
function step(connection: SMTPConnection, run: (done: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error | null) => {
      if (settled) return;
      settled = true;
      connection.removeListener('error', finish);
      connection.removeListener('end', ended);
      if (err) reject(err);
      else resolve();
    };
    const ended = () => finish(Object.assign(new Error('The SMTP connection closed unexpectedly.'), { code: 'ECONNECTION' }));
    connection.on('error', finish);
    connection.on('end', ended);
    run(finish);
  });
}

export type SmtpFailure = { permanent: true; stage: 'recipient' | 'message'; detail: string } | { permanent: false; detail: string };

export function classifySmtpError(err: unknown): SmtpFailure {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const detail = e.response ?? e.message ?? String(err);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) {
    if (e.code === 'EENVELOPE') return { permanent: true, stage: 'recipient', detail };
    if (e.code === 'EMESSAGE') return { permanent: true, stage: 'message', detail };
  }
  return { permanent: false, detail };
}
