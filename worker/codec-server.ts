/**
 * Codec server for the Temporal Web UI (and `temporal … --codec-endpoint`): the UI sends the
 * encrypted payloads of a history to `POST /decode` and shows what comes back, so authorised staff
 * can read a case in the UI while the server itself only ever stores ciphertext.
 *
 * Protocol: `POST /encode` and `POST /decode` with `{ "payloads": [{ "metadata": {k: base64}, "data": base64 }] }`,
 * answered in the same shape. Listens on 127.0.0.1 only. A request from the Web UI's own origins
 * (VUGGE_UI_ORIGIN; CORS) is answered; any other request must carry the token
 * (`Authorization: Bearer <VUGGE_CODEC_TOKEN>`, e.g. `temporal … --codec-auth 'Bearer …'`): without
 * it a request without an Origin (a program on the machine) gets 401, and one from another origin
 * 403 — so neither a web page the person happens to visit nor a stray local program can have
 * payloads decrypted. Another origin never gets CORS headers, so its pages cannot read an answer.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { loadCodecServerConfig } from '../temporal.config.js';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Web UI origins allowed by CORS, e.g. 'http://localhost:8233'. */
  origins: readonly string[];
  /** The token every request carries as `Authorization: Bearer <token>`. */
  token: string;
}

/** A UI page of history is well under this; anything larger is not a UI request. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const JsonPayloads = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).nullish(), data: z.string().nullish() })),
});
type JsonPayload = z.infer<typeof JsonPayloads>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) return void res.writeHead(status).end();
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

const fail = (res: ServerResponse, status: number, message: string) => send(res, status, { message });

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return resolve(undefined);
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request carries the token; compared in constant time. */
function carriesToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  return header !== undefined && timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

function codecRequestHandler({ codec, origins, token }: CodecServerOptions): RequestListener {
  return (req, res) => {
    const origin = req.headers.origin;
    const fromUi = origin !== undefined && origins.includes(origin);
    if (fromUi) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (!fromUi) return fail(res, 403, `Oprindelsen '${origin ?? ''}' må ikke bruge codec-serveren; tilføj den i VUGGE_UI_ORIGIN. / Origin not allowed.`);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      return send(res, 204);
    }
    // Everything but the Web UI's own pages must carry the token; another origin gets no CORS headers even with it.
    if (!fromUi && !carriesToken(req, token)) {
      if (origin !== undefined) return fail(res, 403, `Oprindelsen '${origin}' må ikke bruge codec-serveren; tilføj den i VUGGE_UI_ORIGIN. / Origin not allowed.`);
      return fail(res, 401, 'Codec-serveren kræver adgangstokenet: send Authorization: Bearer <VUGGE_CODEC_TOKEN>, fx med temporal … --codec-auth. / The codec server requires its access token.');
    }
    const action = req.url?.split('?')[0];
    if (action !== '/encode' && action !== '/decode') return fail(res, 404, 'Kun POST /encode og POST /decode findes. / Only POST /encode and POST /decode exist.');
    if (req.method !== 'POST') return fail(res, 405, `${action} skal kaldes med POST. / Use POST.`);
    void handle(action, req, res, codec);
  };
}

async function handle(action: '/encode' | '/decode', req: IncomingMessage, res: ServerResponse, codec: PayloadCodec): Promise<void> {
  const body = await readBody(req).catch(() => undefined);
  if (body === undefined) return fail(res, 413, `Forespørgslen er over ${MAX_BODY_BYTES / 1024 / 1024} MB. / Request too large.`);
  let parsed: z.infer<typeof JsonPayloads>;
  try {
    parsed = JsonPayloads.parse(JSON.parse(body));
  } catch {
    return fail(res, 400, 'Forventede JSON på formen { "payloads": [{ "metadata": {…}, "data": "…" }] } med base64-værdier. / Expected { "payloads": [...] } JSON with base64 values.');
  }
  try {
    const payloads = parsed.payloads.map(fromJson);
    const result = action === '/encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    send(res, 200, { payloads: result.map(toJson) });
  } catch (err) {
    // The codec's own sentence (e.g. an unknown key id) is what the person in the UI needs to see.
    fail(res, 422, err instanceof Error ? err.message : String(err));
  }
}

export interface CodecServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the codec server on 127.0.0.1; port 0 picks a free one. */
export function startCodecServer(options: CodecServerOptions & { port: number }): Promise<CodecServer> {
  const server = createServer(codecRequestHandler(options));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

/**
 * The worker's codec server for the Web UI, on VUGGE_CODEC_PORT. A busy port costs the UI its
 * decoding, not the cases their reminders: the worker logs it and runs on.
 */
export async function startUiCodecServer(codec: PayloadCodec, log: (line: string) => void, env: Record<string, string | undefined> = process.env): Promise<CodecServer | undefined> {
  const { port, origins, token } = loadCodecServerConfig(env);
  if (!token) {
    log('Codec-serveren starter ikke: sæt VUGGE_CODEC_TOKEN (mindst 32 tegn), som Web UI\'et sender med. Web UI viser indtil da kun krypterede data. / The codec server needs VUGGE_CODEC_TOKEN.');
    return undefined;
  }
  try {
    const server = await startCodecServer({ codec, origins, port, token });
    log(`Codec-server til Web UI: ${server.url} (sæt den som "Codec Server"-endpoint i UI'et) / codec server for the Web UI.`);
    return server;
  } catch (err) {
    log(`Codec-serveren kunne ikke starte på 127.0.0.1:${port} (${err instanceof Error ? err.message : String(err)}); sæt VUGGE_CODEC_PORT til en ledig port. Web UI viser indtil da kun krypterede data.`);
    return undefined;
  }
}
