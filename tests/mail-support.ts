/**
 * Test support for the mail tests: a real SMTP server (smtp-server) on 127.0.0.1 that parses what
 * it receives with mailparser, can refuse chosen recipient addresses with a 550, and can be
 * stopped and started again on the same port to play an outage.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { checkStaffFile } from '../activities/staff/load.js';
import type { StaffDirectory } from '../activities/staff/schema.js';
import type { NotificationRequest } from '../activities/notification-types.js';
import type { Database } from '../activities/db/driver.js';
import { openTestPglite, seedPglite } from './helpers/pglite-template.js';

export interface Received {
  envelopeTo: string[];
  parsed: ParsedMail;
  raw: string;
}

export class TestSmtpServer {
  readonly received: Received[] = [];
  readonly rejectAddresses = new Set<string>();
  /**
   * How long the server takes to answer "250 accepted" after it has the whole message (default 0):
   * a slow relay. The message counts as received before the answer, as a server that has committed it.
   */
  answerDelayMs = 0;
  /** A reply code to answer every message with after its final dot, instead of accepting it (e.g. 554). */
  refuseMessagesWith: number | undefined;
  /** Connections opened to the server so far. */
  connections = 0;
  /** Every login the server saw, and whether the connection was encrypted at the time. */
  readonly logins: { user: string; secure: boolean }[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      // stop() closes connections a sender keeps open for its next mail at once, not after 30 s
      closeTimeout: 100,
      // a login over plain text is let through so that a test can see it was sent
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (auth, session, cb) => {
        this.logins.push({ user: auth.username ?? '', secure: Boolean(session.secure) });
        cb(null, { user: auth.username });
      },
      logger: false,
      onConnect: (_session, cb) => {
        this.connections++;
        cb();
      },
      onRcptTo: (address, _session, cb) => {
        if (this.rejectAddresses.has(address.address.toLowerCase())) {
          return cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.refuseMessagesWith !== undefined) return cb(Object.assign(new Error('5.7.1 message refused'), { responseCode: this.refuseMessagesWith }));
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed, raw });
              setTimeout(() => cb(), this.answerDelayMs);
            })
            .catch(cb);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
    this.port = address.port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.envelopeTo.includes(address));
  }
}

/** A fresh data directory; `withDatabase` puts a migrated PGlite database in it, as a worker's own. */
export async function tempDataDir(options: { withDatabase?: boolean } = {}): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vugge-mail-'));
  if (options.withDatabase) await seedPglite(dataDir);
  return dataDir;
}

export async function exampleDirectory(): Promise<StaffDirectory> {
  const result = await checkStaffFile(new URL('../config/staff.example.yaml', import.meta.url).pathname);
  if (!result.ok) throw new Error('config/staff.example.yaml is invalid');
  return result.directory;
}

let sharedDatabase: Promise<Database> | undefined;
let sharedFor: string | undefined;

/**
 * One in-memory database per test file (creating one costs seconds): its mail tables are emptied
 * whenever a new data directory comes along, so every fresh data dir starts with nothing sent, and
 * activities opened again on the same data dir (a worker restart) see what was sent before.
 */
export async function sharedMailDatabase(dataDir: string): Promise<Database> {
  sharedDatabase ??= openTestPglite();
  const db = await sharedDatabase;
  if (sharedFor !== dataDir) {
    await db.exec('TRUNCATE sent_mail, digest_items, digests_sent');
    sharedFor = dataDir;
  }
  return db;
}

/**
 * Notification activities wired to a test SMTP server, the example directory and a fresh data dir.
 * `database: 'data-dir'` opens the worker's own PGlite under the data dir, as a separate worker
 * process would (slower; for tests where another process shares the database).
 */
export async function activitiesFor(
  server: TestSmtpServer,
  options: { dataDir?: string; clock?: () => Date; undeliverableAfter?: string; pool?: boolean; env?: Record<string, string>; database?: 'shared' | 'data-dir'; /** How long a claim on a mail holds without being marked sent (default 2 minutes of real time). */ sendLeaseMs?: number } = {},
) {
  const { loadMailConfig } = await import('../activities/mail/config.js');
  const { openNotificationDeps } = await import('../worker/notification-deps.js');
  const { createNotificationActivities } = await import('../activities/notifications.js');
  const dataDir = options.dataDir ?? (await tempDataDir());
  const config = loadMailConfig({
    VUGGE_SMTP_PORT: String(server.port),
    VUGGE_SMTP_POOL: options.pool === false ? 'false' : 'true',
    VUGGE_DATA_DIR: dataDir,
    VUGGE_STAFF_FILE: new URL('../config/staff.example.yaml', import.meta.url).pathname,
    VUGGE_CASE_URL: 'https://vugge.example.org/sager/',
    VUGGE_UNDELIVERABLE_AFTER: options.undeliverableAfter,
    ...options.env,
  });
  if (options.database === 'data-dir' && !options.dataDir) await seedPglite(dataDir);
  const db = options.database === 'data-dir' ? undefined : await sharedMailDatabase(dataDir);
  const deps = await openNotificationDeps(config, { ...(options.clock ? { clock: options.clock } : {}), ...(db ? { db } : {}), ...(options.sendLeaseMs ? { sendLeaseMs: options.sendLeaseMs } : {}) });
  return { activities: createNotificationActivities(deps), deps, dataDir };
}

/** A reminder request for case K-2026-0042 in unit nord; override what a test is about. */
export function notification(overrides: Partial<NotificationRequest> = {}): NotificationRequest {
  const base: NotificationRequest = {
    idempotencyKey: 'K-2026-0042:teamsamtale:1:reminder:0',
    kind: 'reminder',
    caseId: 'K-2026-0042',
    programmeId: 'spaedbarnsindsatsen',
    unit: 'nord',
    municipality: '0751',
    team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' },
    toRoles: ['sundhedsplejerske'],
    stepId: 'teamsamtale',
    stepTitle: 'Teamsamtale',
    occurrence: 1,
    target: '2026-03-12',
    latest: '2026-03-12',
    ownerRoles: ['sundhedsplejerske'],
    sequence: 0,
    at: new Date().toISOString(),
  };
  return { ...base, ...overrides };
}
