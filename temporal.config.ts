/**
 * The one place Vugge reads its Temporal connection settings. The same worker and CLI run against
 * the embedded dev server (the default), a self-hosted cluster with mutual TLS, or Temporal Cloud
 * with an API key — only these variables change.
 *
 *   TEMPORAL_ADDRESS          host:port of the frontend           (default 127.0.0.1:7233)
 *   TEMPORAL_NAMESPACE        namespace                            (default 'default')
 *   VUGGE_TASK_QUEUE          task queue of the case workers       (default 'vugge-cases')
 *   TEMPORAL_TLS_CERT_PATH    client certificate (PEM) for mTLS     (with TEMPORAL_TLS_KEY_PATH)
 *   TEMPORAL_TLS_KEY_PATH     client key (PEM) for mTLS
 *   TEMPORAL_TLS_CA_PATH      server CA (PEM), when not a public CA
 *   TEMPORAL_TLS_SERVER_NAME  server name to verify, when not the host of the address
 *   TEMPORAL_API_KEY          API key (Temporal Cloud); implies TLS
 *   VUGGE_PAYLOAD_KEYS        payload encryption keys, `id:base64key,…` (32 bytes each); the first
 *                             encrypts, all decrypt (temporal.codec.ts)
 *   VUGGE_PAYLOAD_KEY_FILE    instead: a file with the same entries (commas or line breaks)
 *   VUGGE_PAYLOAD_PLAIN       refuse | accept: whether the worker reads payloads that arrive
 *                             unencrypted while keys are configured (default refuse, so nothing
 *                             sent past Vugge reaches a case; accept only while cases started
 *                             before encryption was switched on still run)
 *   VUGGE_CODEC_PORT          codec server port for the Web UI, on 127.0.0.1 (default 8888)
 *   VUGGE_UI_ORIGIN           Web UI origins the codec server answers (default http://localhost:8233,
 *                             http://127.0.0.1:8233)
 *   VUGGE_CODEC_TOKEN         at least 32 characters: the token every codec server request carries
 *                             (`Authorization: Bearer …`); without it the codec server does not start.
 *                             `npm start` makes one in .data/codec-token on the embedded default
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { z } from 'zod';
import { EncryptionCodec, KEY_BYTES, type PayloadKey } from './temporal.codec.js';

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'skal være vært:port, fx 127.0.0.1:7233 / must be host:port, e.g. 127.0.0.1:7233');
const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'må kun indeholde bogstaver, tal, punktum, - og _ / letters, digits, ., - and _ only');
const optionalPath = z.string().min(1).optional();

const EnvSchema = z
  .object({
    TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: name.default('default'),
    VUGGE_TASK_QUEUE: name.default('vugge-cases'),
    TEMPORAL_TLS_CERT_PATH: optionalPath,
    TEMPORAL_TLS_KEY_PATH: optionalPath,
    TEMPORAL_TLS_CA_PATH: optionalPath,
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    VUGGE_PAYLOAD_PLAIN: z.enum(['refuse', 'accept'], { error: 'skal være refuse eller accept / must be refuse or accept' }).default('refuse'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
        message: 'mTLS kræver både TEMPORAL_TLS_CERT_PATH og TEMPORAL_TLS_KEY_PATH / mTLS needs both the certificate and the key',
      });
    }
  });

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
  apiKey?: string;
  /** Payload encryption keys, newest first; unset when none is configured. */
  payloadKeys?: PayloadKey[];
  /** With keys: the worker still reads unencrypted payloads (VUGGE_PAYLOAD_PLAIN=accept). */
  acceptPlainPayloads?: boolean;
}

/** One sentence per bad variable: its name and what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Empty strings count as unset, so `TEMPORAL_API_KEY=` in a .env file does not switch on TLS. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

export function loadTemporalConfig(env: Record<string, string | undefined> = process.env): TemporalConfig {
  const parsed = EnvSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const sentences = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'miljøet');
      const given = env[variable];
      return `${variable}${given !== undefined ? ` ('${given}')` : ''}: ${issue.message}.`;
    });
    throw new ConfigError(sentences.join('\n'));
  }
  const e = parsed.data;
  const useTls = Boolean(e.TEMPORAL_TLS_CERT_PATH || e.TEMPORAL_TLS_CA_PATH || e.TEMPORAL_API_KEY);
  return {
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.VUGGE_TASK_QUEUE,
    tls: useTls
      ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH, caPath: e.TEMPORAL_TLS_CA_PATH, serverName: e.TEMPORAL_TLS_SERVER_NAME }
      : undefined,
    apiKey: e.TEMPORAL_API_KEY,
    payloadKeys: loadPayloadKeys(withoutEmpty(env)),
    acceptPlainPayloads: e.VUGGE_PAYLOAD_PLAIN === 'accept',
  };
}

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new ConfigError(`${variable} ('${path}'): filen kan ikke læses — angiv stien til en PEM-fil / the file cannot be read: give the path of a PEM file.`);
  }
}

/** Connection options for `Connection.connect` (client) and `NativeConnection.connect` (worker). */
export function connectionOptions(config: TemporalConfig): ConnectionOptions {
  const options: ConnectionOptions = { address: config.address };
  if (config.tls) {
    const { certPath, keyPath, caPath, serverName } = config.tls;
    options.tls = {
      serverNameOverride: serverName,
      serverRootCACertificate: caPath ? readPem('TEMPORAL_TLS_CA_PATH', caPath) : undefined,
      clientCertPair: certPath && keyPath ? { crt: readPem('TEMPORAL_TLS_CERT_PATH', certPath), key: readPem('TEMPORAL_TLS_KEY_PATH', keyPath) } : undefined,
    };
  }
  if (config.apiKey) options.apiKey = config.apiKey;
  return options;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `id:base64key` entries separated by commas or line breaks; `#` starts a comment line in a file. */
function parsePayloadKeys(text: string, variable: string): PayloadKey[] {
  const entries = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new ConfigError(`${variable}: ingen nøgler fundet; angiv mindst én som id:base64-nøgle / no keys found: give at least one as id:base64key.`);
  const keys: PayloadKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const encoded = entry.slice(colon + 1);
    // Never echo the entry itself: it may hold a key.
    if (!KEY_ID.test(id) || !BASE64.test(encoded)) {
      throw new ConfigError(`${variable}: nøgle nr. ${index + 1} skal have formen id:base64-nøgle, fx k2026:… (id af bogstaver, tal, ., - og _) / key no. ${index + 1} must be id:base64key.`);
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES) {
      throw new ConfigError(`${variable}: nøglen '${id}' er ${key.length} bytes; der skal bruges ${KEY_BYTES} bytes (base64), fx fra 'openssl rand -base64 32' / key '${id}' is ${key.length} bytes; ${KEY_BYTES} bytes (base64) are needed.`);
    }
    if (keys.some((k) => k.id === id)) throw new ConfigError(`${variable}: nøgle-id'et '${id}' står der to gange; hver nøgle skal have sit eget id / key id '${id}' appears twice.`);
    keys.push({ id, key });
  }
  return keys;
}

function loadPayloadKeys(env: Record<string, string>): PayloadKey[] | undefined {
  const { VUGGE_PAYLOAD_KEYS: inline, VUGGE_PAYLOAD_KEY_FILE: file } = env;
  if (inline && file) throw new ConfigError('VUGGE_PAYLOAD_KEYS og VUGGE_PAYLOAD_KEY_FILE er begge sat; sæt kun den ene / set only one of them.');
  if (inline) return parsePayloadKeys(inline, 'VUGGE_PAYLOAD_KEYS');
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`VUGGE_PAYLOAD_KEY_FILE ('${file}'): filen kan ikke læses — angiv stien til en fil med id:base64-nøgler / the file cannot be read: give the path of a file of id:base64key entries.`);
  }
  return parsePayloadKeys(text, `VUGGE_PAYLOAD_KEY_FILE ('${file}')`);
}

const failureConverterPath = fileURLToPath(new URL('./temporal.failure-converter.cjs', import.meta.url));
const payloadConverterPath = fileURLToPath(new URL('./temporal.payload-converter.cjs', import.meta.url));

/**
 * The Worker's and Client's `dataConverter`: encrypting payloads, and failure messages with them,
 * when keys are configured; else the SDK default. The case worker's (`worker: true`) also refuses
 * payloads that arrive unencrypted, unless VUGGE_PAYLOAD_PLAIN=accept.
 */
export function dataConverter(config: TemporalConfig, options: { worker?: boolean } = {}): DataConverter | undefined {
  if (!config.payloadKeys) return undefined;
  const refusePlain = options.worker === true && !config.acceptPlainPayloads;
  return { payloadCodecs: [new EncryptionCodec(config.payloadKeys, { refusePlain })], failureConverterPath, payloadConverterPath };
}

export interface CodecServerConfig {
  port: number;
  /** Origins of the Web UI allowed by CORS. */
  origins: string[];
  /** The token every request must carry; unset, the codec server is not started. */
  token?: string;
}

const CodecEnvSchema = z.object({
  VUGGE_CODEC_PORT: z.coerce.number().int().min(1).max(65535).default(8888),
  VUGGE_UI_ORIGIN: z
    .string()
    .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(,https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)*$/, 'skal være en eller flere oprindelser som http://localhost:8233, adskilt af komma / one or more origins such as http://localhost:8233, comma-separated')
    .default('http://localhost:8233,http://127.0.0.1:8233'),
  VUGGE_CODEC_TOKEN: z.string().min(32, 'skal være mindst 32 tegn, fx fra openssl rand -base64 32 / must be at least 32 characters').optional(),
});

/** Settings of the codec server the worker starts for the Web UI (worker/codec-server.ts). */
export function loadCodecServerConfig(env: Record<string, string | undefined> = process.env): CodecServerConfig {
  const parsed = CodecEnvSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    const message = variable === 'VUGGE_CODEC_PORT' ? 'skal være et portnummer 1–65535 / must be a port number 1–65535' : issue.message;
    // The token is a secret: named, never echoed.
    throw new ConfigError(`${variable}${variable === 'VUGGE_CODEC_TOKEN' ? '' : ` ('${env[variable]}')`}: ${message}.`);
  }
  const { VUGGE_CODEC_PORT: port, VUGGE_UI_ORIGIN: origins, VUGGE_CODEC_TOKEN: token } = parsed.data;
  return { port, origins: origins.split(','), ...(token ? { token } : {}) };
}
