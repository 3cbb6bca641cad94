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
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import { z } from 'zod';

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
