/** worker/codec-server.ts over real HTTP on 127.0.0.1: the Temporal codec-server protocol and CORS. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataConverter, type Payload } from '@temporalio/common';
import { statSync } from 'node:fs';
import { startCodecServer, startUiCodecServer, type CodecServer } from '../worker/codec-server.js';
import { loadCodecServerConfig } from '../temporal.config.js';
import { ensureLocalCodecToken } from '../scripts/payload-keys.js';
import { tempDir } from './helpers/temporal.js';
import { EncryptionCodec } from '../temporal.codec.js';

const UI = 'http://localhost:8233';
const TOKEN = randomBytes(32).toString('base64url');
const codec = new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]);
let server: CodecServer;
beforeAll(async () => {
  server = await startCodecServer({ codec, origins: [UI], port: 0, token: TOKEN });
});
afterAll(async () => {
  await server?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
const toJson = (p: Payload) => ({ metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(p.data) });
const jsonPayload = (value: unknown) => toJson(defaultDataConverter.payloadConverter.toPayload(value));
const valueOf = (p: { data: string }) => JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as unknown;

describe('codec server', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('encodes and decodes payloads for the Web UI', async () => {
    const event = { type: 'pause', reason: 'hospitalsophold', by: 'sr-mette' };
    const encoded = await post('/encode', { payloads: [jsonPayload(event)] }, { Origin: UI });
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(UI);
    const { payloads } = (await encoded.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payloads[0]!.data, 'base64').toString('latin1')).not.toContain('hospitalsophold');

    const decoded = await post('/decode', { payloads }, { Origin: UI });
    expect(decoded.status).toBe(200);
    const back = (await decoded.json()) as { payloads: Array<{ data: string }> };
    expect(valueOf(back.payloads[0]!)).toEqual(event);
  });

  it('answers the CORS preflight for the UI origin', async () => {
    const res = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
  });

  it('refuses any other origin without decoding', async () => {
    const [encrypted] = await codec.encode([defaultDataConverter.payloadConverter.toPayload('hemmelig')]);
    const payload = toJson(encrypted!);
    const res = await post('/decode', { payloads: [payload] }, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).not.toContain('hemmelig');
  });

  it('answers bad requests with one sentence', async () => {
    const bad = await post('/decode', '{"payload": 1}', { Origin: UI });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^Forventede JSON på formen/);
    expect((await post('/other', { payloads: [] }, { Origin: UI })).status).toBe(404);
    expect((await fetch(`${server.url}/decode`, { headers: { Origin: UI } })).status).toBe(405);
  });

  it('passes the codec\'s sentence on for an unknown key', async () => {
    const other = new EncryptionCodec([{ id: 'k-anden', key: randomBytes(32) }]);
    const [encrypted] = await other.encode([defaultDataConverter.payloadConverter.toPayload('x')]);
    const payload = toJson(encrypted!);
    const res = await post('/decode', { payloads: [payload] }, { Origin: UI });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toMatch(/nøglen 'k-anden', som ikke er konfigureret/);
  });
});

describe('codec server: the token', () => {
  const secret = async () => toJson((await codec.encode([defaultDataConverter.payloadConverter.toPayload('hemmelig')]))[0]!);
  // who asks → status, and whether a browser page there could read the answer (CORS)
  it.each([
    ['the Web UI (its own origin)', { Origin: UI }, 200, UI],
    ['a program with the token and no origin (temporal --codec-auth)', { Authorization: `Bearer ${TOKEN}` }, 200, null],
    ['a program without the token', {}, 401, null],
    ['a program with a wrong token', { Authorization: `Bearer ${TOKEN.slice(1)}x` }, 401, null],
    ['a program with the bare token (no Bearer)', { Authorization: TOKEN }, 401, null],
    ['another origin without the token', { Origin: 'http://evil.example' }, 403, null],
    ['another origin with the token (answered, but not readable by a page there)', { Origin: 'http://tools.kommune.example', Authorization: `Bearer ${TOKEN}` }, 200, null],
  ])('%s → %i', async (_who, headers, status, allowOrigin) => {
    const res = await post('/decode', { payloads: [await secret()] }, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowOrigin);
    const body = await res.text();
    if (status === 200) expect(body).toContain(Buffer.from('"hemmelig"').toString('base64'));
    else expect(body).not.toContain(Buffer.from('"hemmelig"').toString('base64'));
    if (status === 401) expect(JSON.parse(body)).toEqual({ message: expect.stringMatching(/^Codec-serveren kræver adgangstokenet: send Authorization: Bearer <VUGGE_CODEC_TOKEN>/) });
  });

  it('refuses another origin’s preflight', async () => {
    const res = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is not started without a token, and says which setting is missing', async () => {
    const lines: string[] = [];
    expect(await startUiCodecServer(codec, (line) => lines.push(line), { VUGGE_CODEC_PORT: '1' })).toBeUndefined();
    expect(lines).toEqual([expect.stringMatching(/^Codec-serveren starter ikke: sæt VUGGE_CODEC_TOKEN/)]);
  });

  it('VUGGE_CODEC_TOKEN: at least 32 characters, never echoed', () => {
    expect(loadCodecServerConfig({ VUGGE_CODEC_TOKEN: TOKEN }).token).toBe(TOKEN);
    expect(() => loadCodecServerConfig({ VUGGE_CODEC_TOKEN: 'kort-hemmelighed' })).toThrowError(/^VUGGE_CODEC_TOKEN: skal være mindst 32 tegn/);
    expect(() => loadCodecServerConfig({ VUGGE_CODEC_TOKEN: 'kort-hemmelighed' })).not.toThrowError(/kort-hemmelighed/);
  });

  it('npm start makes one local token in .data/, mode 0600, the same on every start', () => {
    const dir = tempDir('vugge-codec-token-');
    const first = ensureLocalCodecToken(dir);
    expect(first.created).toBe(true);
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(ensureLocalCodecToken(dir)).toEqual({ ...first, created: false });
    expect(loadCodecServerConfig({ VUGGE_CODEC_TOKEN: first.token }).token).toBe(first.token);
  });
});
