/** worker/codec-server.ts over real HTTP on 127.0.0.1: the Temporal codec-server protocol and CORS. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataConverter, type Payload } from '@temporalio/common';
import { startCodecServer, type CodecServer } from '../worker/codec-server.js';
import { EncryptionCodec } from '../temporal.codec.js';

const UI = 'http://localhost:8233';
const codec = new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]);
let server: CodecServer;
beforeAll(async () => {
  server = await startCodecServer({ codec, origins: [UI], port: 0 });
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
    const bad = await post('/decode', '{"payload": 1}');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^Forventede JSON på formen/);
    expect((await post('/other', { payloads: [] })).status).toBe(404);
    expect((await fetch(`${server.url}/decode`)).status).toBe(405);
  });

  it('passes the codec\'s sentence on for an unknown key', async () => {
    const other = new EncryptionCodec([{ id: 'k-anden', key: randomBytes(32) }]);
    const [encrypted] = await other.encode([defaultDataConverter.payloadConverter.toPayload('x')]);
    const payload = toJson(encrypted!);
    const res = await post('/decode', { payloads: [payload] });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toMatch(/nøglen 'k-anden', som ikke er konfigureret/);
  });
});
