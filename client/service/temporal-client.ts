/**
 * The CLI's connection to Temporal: settings from temporal.config.ts, one connection per command,
 * and the sentence a person sees when an Update was rejected or an activity failed (the message the
 * failure carries as data, in the reader's language — not the SDK's wrapping).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApplicationFailure, Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
// @temporalio/proto is CommonJS: Node's ESM loader sees only its default export.
import proto, { type temporal as TemporalProto } from '@temporalio/proto';
import { allSearchAttributes } from '../../workflows/search-attributes.js';
import { connectionOptions, dataConverter, loadTemporalConfig, type TemporalConfig } from '../../temporal.config.js';
import { isMissingKeyError, NO_KEYS_SENTENCE } from '../../temporal.codec.js';
import { inLanguage, messageOf, type Lang, type Message } from '../../dsl/contract.js';

export interface VuggeClient {
  client: Client;
  config: TemporalConfig;
  close(): Promise<void>;
}

/** The key file `npm start` makes for the embedded dev server (see scripts/payload-keys.ts). */
const LOCAL_KEY_FILE = fileURLToPath(new URL('../../.data/payload-keys', import.meta.url));
const LOCAL_ADDRESS = '127.0.0.1:7233';

/**
 * On the embedded default (local dev server, no keys configured) the CLI uses the key `npm start`
 * made, so commands work in any terminal of the checkout without an extra variable.
 */
export function withLocalKey(env: Record<string, string | undefined>, keyFile = LOCAL_KEY_FILE): Record<string, string | undefined> {
  const local = !env.TEMPORAL_ADDRESS || env.TEMPORAL_ADDRESS === LOCAL_ADDRESS;
  const configured = Boolean(env.VUGGE_PAYLOAD_KEYS || env.VUGGE_PAYLOAD_KEY_FILE);
  return local && !configured && existsSync(keyFile) ? { ...env, VUGGE_PAYLOAD_KEY_FILE: keyFile } : env;
}

export async function connectClient(env: Record<string, string | undefined> = process.env): Promise<VuggeClient> {
  const config = loadTemporalConfig(withLocalKey(env));
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(config), connectTimeout: 5_000 });
  } catch {
    throw new Error(`Kan ikke forbinde til Temporal på ${config.address}; kører Vugge (npm start), eller er TEMPORAL_ADDRESS forkert? / Cannot connect to Temporal at ${config.address}.`);
  }
  // Encrypts what the CLI sends (case inputs, events) and decrypts query results, as the worker does.
  const client = new Client({ connection, namespace: config.namespace, dataConverter: dataConverter(config) });
  return { client, config, close: () => connection.close() };
}

/**
 * The message a failure carries as data: a rejected Update's or a failed activity's `{ code, da, en }`
 * (the innermost one along the causes), or the case that does not exist.
 */
export function failureMessage(err: unknown, caseId?: string): Message | undefined {
  if (err instanceof WorkflowNotFoundError) {
    const id = caseId ?? err.workflowId;
    return { code: 'case.not_found', da: `Sagen '${id}' findes ikke (eller er afsluttet).`, en: `Case '${id}' not found (or it has ended).` };
  }
  let found: Message | undefined;
  for (let current: unknown = err; current instanceof Error; current = current.cause) {
    if (current instanceof ApplicationFailure) found = messageOf(current.details) ?? found;
  }
  return found;
}

/**
 * The sentence a person sees for a failure, in their language (`lang`), or both halves, Danish
 * first, where the reader's language is not known (a terminal). A failure without a message as
 * data shows its innermost error's text.
 */
export function failureSentence(err: unknown, lang?: Lang, caseId?: string): string {
  const message = failureMessage(err, caseId);
  if (message) return inLanguage(message, lang);
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (isMissingKeyError(current)) return NO_KEYS_SENTENCE;
  return current instanceof Error ? current.message : String(current);
}

const { temporal } = proto;
const indexedType: Record<string, TemporalProto.api.enums.v1.IndexedValueType> = {
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * Registers Vugge's search attributes on a server that does not have them yet (the time-skipping
 * test server, a fresh cluster). The dev server started by Vugge registers them itself.
 */
export async function registerSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  const searchAttributes = Object.fromEntries(allSearchAttributes.map((k) => [k.name, indexedType[k.type]!]));
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
