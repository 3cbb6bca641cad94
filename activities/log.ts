/**
 * Vugge's operational log: one JSON object a line (pino), for the worker, the web app and the
 * Temporal SDK alike. What may be logged is decided here, once: the fields below (ids, codes,
 * routes, counts) and nothing else — a field not on the list is dropped, so a case's facts, a
 * person's name or a pause reason never reach a log by accident. Dates and CPR-like numbers in
 * message texts are masked as well: a date of birth is personal data, and an operator needs none.
 *
 *   VUGGE_LOG_LEVEL   trace | debug | info | warn | error | silent   (default info)
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import { z } from 'zod';
import { ConfigError } from '../temporal.config.js';

export type { Logger } from 'pino';

/** The fields a log line may carry. Ids and codes only: case id and staff id, never a person. */
export const LOG_FIELDS: ReadonlySet<string> = new Set([
  'caseId',
  'staffId',
  'workflowId',
  'runId',
  'workflowType',
  'activityType',
  'activityId',
  'taskQueue',
  'namespace',
  'attempt',
  'sdkComponent',
  'unit',
  'kind',
  'outcome',
  'code',
  'route',
  'method',
  'status',
  'ms',
  'address',
  'port',
  'pid',
  'worker',
  'err',
]);

/** ISO dates (2027-09-06, also inside timestamps) and CPR-like numbers (060927-1234, 0609271234). */
const PERSONAL = /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b\d{6}-?\d{4}\b/g;

/** A text with dates and CPR-like numbers replaced by `[…]`. */
export function scrub(text: string): string {
  return text.replace(PERSONAL, '[…]');
}

function safeValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/** An error as its type and (masked) message; never its stack's arguments or attached data. */
function safeError(value: unknown): { type: string; message: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Error) return { type: (value as Error & { type?: string }).type ?? value.name, message: scrub(value.message) };
  if (typeof value === 'object' && 'message' in value) return { type: String((value as { type?: unknown }).type ?? 'Error'), message: scrub(String(value.message)) };
  return { type: 'Error', message: scrub(String(value)) };
}

/** Keeps the allowed fields of `meta` (masked), drops every other one. */
export function safeFields(meta: Record<string | symbol, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!meta) return out;
  for (const [key, value] of Object.entries(meta)) {
    if (!LOG_FIELDS.has(key)) continue;
    const safe = key === 'err' ? safeError(value) : safeValue(value);
    if (safe !== undefined) out[key] = safe;
  }
  return out;
}

const LevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent'], {
  error: 'skal være trace, debug, info, warn, error eller silent / must be trace, debug, info, warn, error or silent',
});

/** VUGGE_LOG_LEVEL, checked: one sentence naming the variable when it is wrong. */
export function loadLogLevel(env: Record<string, string | undefined> = process.env): pino.LevelWithSilent {
  const given = env.VUGGE_LOG_LEVEL;
  if (given === undefined || given === '') return 'info';
  const parsed = LevelSchema.safeParse(given);
  if (!parsed.success) throw new ConfigError(`VUGGE_LOG_LEVEL ('${given}'): ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

export interface LogOptions {
  /** Which process writes: 'worker', 'web', 'cluster'. */
  name: string;
  level?: pino.LevelWithSilent;
  /** Where lines go (default standard output). Tests pass a stream they read. */
  destination?: DestinationStream;
}

/** A pino logger whose every line passes the field list and the masking above. */
export function createLogger(options: LogOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? loadLogLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      // `err` is already reduced to its type and masked message by the field list below.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => safeFields(object),
      },
      hooks: {
        // The message text is masked too; a first argument that is an Error becomes `err`.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) return method.apply(this, [{ err: first }, scrub(typeof rest[0] === 'string' ? rest[0] : first.message)] as never);
          return method.apply(this, args.map((a, i) => (typeof a === 'string' && (i > 0 || typeof first === 'string') ? scrub(a) : a)) as never);
        },
      },
    },
    options.destination,
  );
}

const sdkLevels: Record<LogLevel, pino.Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * The Temporal SDK's logger (`Runtime.install({ logger })`) over a pino logger: workflow, activity
 * and worker lines get the same field list. The SDK's `error`/`failure` metadata becomes `err`.
 */
export function sdkLogger(log: Logger): SdkLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const fields: Record<string, unknown> = { ...meta };
    const failure = meta?.error ?? meta?.failure;
    if (failure !== undefined) fields.err = failure;
    log[sdkLevels[level]](fields, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
