/**
 * The CLI's connection to Temporal: settings from temporal.config.ts, one connection per command,
 * and the sentence a person sees when an Update was rejected (the validator's, not the SDK's wrapping).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
// @temporalio/proto is CommonJS: Node's ESM loader sees only its default export.
import proto, { type temporal as TemporalProto } from '@temporalio/proto';
import { allSearchAttributes } from '../../workflows/search-attributes.js';
import { connectionOptions, dataConverter, loadTemporalConfig, type TemporalConfig } from '../../temporal.config.js';
import { isMissingKeyError, NO_KEYS_SENTENCE } from '../../temporal.codec.js';

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

/** The innermost message of a failure: for a rejected Update, the validator's own sentence. */
export function failureSentence(err: unknown, caseId?: string): string {
  if (err instanceof WorkflowNotFoundError) return `Sagen '${caseId ?? err.workflowId}' findes ikke (eller er afsluttet). / Case '${caseId ?? err.workflowId}' not found.`;
  let current: unknown = err;
  if (current instanceof WorkflowUpdateFailedError) current = current.cause ?? current;
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
