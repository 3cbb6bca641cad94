/** temporal.codec.ts and the key settings in temporal.config.ts: encryption, rotation, bad keys. */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApplicationFailure, defaultDataConverter, defaultPayloadConverter, type FailureConverter, type Payload, type PayloadConverter } from '@temporalio/common';
import { EncryptionCodec, ENCRYPTED_ENCODING, isMissingKeyError, KEY_ID_METADATA, NO_KEYS_SENTENCE, REFUSED_ENCODING, type PayloadKey } from '../temporal.codec.js';
import { failureSentence } from '../client/service/temporal-client.js';
import { ConfigError, dataConverter, loadCodecServerConfig, loadTemporalConfig } from '../temporal.config.js';
import { tempDir } from './helpers/temporal.js';
import { ensureLocalPayloadKeyFile } from '../scripts/payload-keys.js';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());
const toPayload = (value: unknown): Payload => defaultDataConverter.payloadConverter.toPayload(value);
const fromPayload = (payload: Payload): unknown => defaultDataConverter.payloadConverter.fromPayload(payload);
const pause = { type: 'pause', at: '2027-03-01', reason: 'hospitalsophold', by: 'sr-mette' };

describe('EncryptionCodec', () => {
  it('round-trips a payload and hides its content and encoding', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const [encrypted] = await codec.encode([toPayload(pause)]);
    expect(text(encrypted!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(encrypted!.data!).toString('latin1')).not.toMatch(/hospitalsophold|sr-mette|json/);
    const [decoded] = await codec.decode([encrypted!]);
    expect(fromPayload(decoded!)).toEqual(pause);
  });

  it('uses a fresh IV for every payload', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const [a, b] = await codec.encode([toPayload(pause), toPayload(pause)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  it('refuses a tampered payload with one sentence naming the key', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const [encrypted] = await codec.encode([toPayload(pause)]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = data[20]! ^ 0x01;
    await expect(codec.decode([{ ...encrypted!, data }])).rejects.toThrow(/^Data i historikken kan ikke dekrypteres med nøglen 'k1': den er ændret/);
  });

  it('refuses a payload relabelled to another configured key', async () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const [encrypted] = await new EncryptionCodec([k1]).encode([toPayload(pause)]);
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, [KEY_ID_METADATA]: new TextEncoder().encode('k2') } };
    await expect(new EncryptionCodec([k2, k1]).decode([relabelled])).rejects.toThrow(/nøglen 'k2'/);
  });

  it('rotates: the newest key encrypts, older keys still decrypt', async () => {
    const old = key('k2026');
    const [before] = await new EncryptionCodec([old]).encode([toPayload(pause)]);
    const rotated = new EncryptionCodec([key('k2027'), old]);
    const [after] = await rotated.encode([toPayload(pause)]);
    expect(text(after!.metadata![KEY_ID_METADATA])).toBe('k2027');
    const decoded = await rotated.decode([before!, after!]);
    expect(decoded.map(fromPayload)).toEqual([pause, pause]);
  });

  it('names an unknown key id and what to do', async () => {
    const [encrypted] = await new EncryptionCodec([key('k-gammel')]).encode([toPayload(pause)]);
    await expect(new EncryptionCodec([key('k-ny')]).decode([encrypted!])).rejects.toThrow(
      /^Data i historikken er krypteret med nøglen 'k-gammel', som ikke er konfigureret; tilføj den .* i VUGGE_PAYLOAD_KEYS eller VUGGE_PAYLOAD_KEY_FILE\./,
    );
  });

  it('gives a process without keys one sentence instead of the SDK\'s "Unknown encoding"', async () => {
    const [encrypted] = await new EncryptionCodec([key('k1')]).encode([toPayload(pause)]);
    const err = (() => {
      try {
        fromPayload(encrypted!);
      } catch (e) {
        return e;
      }
    })();
    expect(isMissingKeyError(err)).toBe(true);
    expect(failureSentence(err)).toBe(NO_KEYS_SENTENCE);
  });

  it('passes payloads written before encryption through unchanged', async () => {
    const plain = toPayload(pause);
    const [decoded] = await new EncryptionCodec([key('k1')]).decode([plain]);
    expect(decoded).toBe(plain);
  });
});

describe('the worker refuses what arrives unencrypted', () => {
  const keys = () => loadTemporalConfig({ VUGGE_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}` });
  /** The converter the data converter names, loaded by path as the worker and the workflow bundle load it. */
  const converterOf = (path: string) => (createRequire(import.meta.url)(path) as { payloadConverter: PayloadConverter }).payloadConverter;

  it('a plain payload (an update sent past Vugge) cannot be read: one sentence, a VuggeRejected failure', async () => {
    const worker = dataConverter(keys(), { worker: true })!;
    const [decoded] = await worker.payloadCodecs![0]!.decode([toPayload(pause)]);
    expect(text(decoded!.metadata!.encoding)).toBe(REFUSED_ENCODING);
    expect(decoded!.data).toHaveLength(0);
    const read = () => converterOf(worker.payloadConverterPath!).fromPayload(decoded!);
    expect(read).toThrow(ApplicationFailure);
    expect(read).toThrow(/^Vugge afviser data, der ikke er krypteret med Vugges nøgle; send det gennem Vugge .* \/ Vugge refuses data not encrypted with its key/);
    expect((() => { try { read(); } catch (e) { return e as ApplicationFailure; } })()).toMatchObject({ type: 'VuggeRejected', nonRetryable: true, details: [{ code: 'payload.unencrypted' }] });
  });

  it('what Vugge encrypted still reads, with the worker’s converter, for every kind of value', async () => {
    const worker = dataConverter(keys(), { worker: true })!;
    const converter = converterOf(worker.payloadConverterPath!);
    const values = [pause, undefined, null, 'tekst', 42, new Uint8Array([1, 2, 3])];
    const encoded = await worker.payloadCodecs![0]!.encode(values.map((v) => converter.toPayload(v)));
    const decoded = await worker.payloadCodecs![0]!.decode(encoded);
    expect(decoded.map((p) => converter.fromPayload(p))).toEqual(values);
  });

  it.each([
    ['the client (histories from before encryption)', {}, {}],
    ['a worker told to accept them (VUGGE_PAYLOAD_PLAIN=accept)', { VUGGE_PAYLOAD_PLAIN: 'accept' }, { worker: true }],
  ])('%s passes them through', async (_name, env, options) => {
    const config = loadTemporalConfig({ VUGGE_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`, ...env });
    const plain = toPayload(pause);
    expect((await dataConverter(config, options)!.payloadCodecs![0]!.decode([plain]))[0]).toBe(plain);
  });

  it('VUGGE_PAYLOAD_PLAIN takes refuse or accept only', () => {
    expect(() => loadTemporalConfig({ VUGGE_PAYLOAD_PLAIN: 'maybe' })).toThrow(/^VUGGE_PAYLOAD_PLAIN \('maybe'\): skal være refuse eller accept/);
  });
});

describe('failure messages', () => {
  it('are moved into a payload, which the codec then encrypts', async () => {
    const converter = dataConverter(loadTemporalConfig({ VUGGE_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}` }))!;
    const { failureConverter } = createRequire(import.meta.url)(converter.failureConverterPath!) as { failureConverter: FailureConverter };
    const failure = failureConverter.errorToFailure(new Error('550 mailbox unavailable: mette@kommune.example'), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const [encrypted] = await converter.payloadCodecs![0]!.encode([failure.encodedAttributes!]);
    expect(Buffer.from(encrypted!.data!).toString('latin1')).not.toContain('mette@');
    const [decoded] = await converter.payloadCodecs![0]!.decode([encrypted!]);
    expect(failureConverter.failureToError({ ...failure, encodedAttributes: decoded }, defaultPayloadConverter).message).toBe('550 mailbox unavailable: mette@kommune.example');
  });
});

describe('payload keys in temporal.config.ts', () => {
  const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

  it('reads keys newest first and builds an encrypting data converter', () => {
    const config = loadTemporalConfig({ VUGGE_PAYLOAD_KEYS: `k2:${b64(32)}, k1:${b64(32)}` });
    expect(config.payloadKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(dataConverter(config)?.payloadCodecs?.[0]).toBeInstanceOf(EncryptionCodec);
  });

  it('has no data converter without keys', () => {
    const config = loadTemporalConfig({});
    expect(config.payloadKeys).toBeUndefined();
    expect(dataConverter(config)).toBeUndefined();
  });

  it('reads a key file with one key a line and comments', () => {
    const file = join(tempDir('vugge-keys-'), 'payload-keys');
    writeFileSync(file, `# id:base64, nyeste først, ældre efter\nk2:${b64(32)}\n  # gammel:\nk1:${b64(32)}\n`);
    expect(loadTemporalConfig({ VUGGE_PAYLOAD_KEY_FILE: file }).payloadKeys?.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  const secret = b64(24);
  it.each([
    [{ VUGGE_PAYLOAD_KEYS: `k1:${secret}` }, /^VUGGE_PAYLOAD_KEYS: nøglen 'k1' er 24 bytes; der skal bruges 32 bytes \(base64\)/],
    [{ VUGGE_PAYLOAD_KEYS: secret }, /^VUGGE_PAYLOAD_KEYS: nøgle nr\. 1 skal have formen id:base64-nøgle/],
    [{ VUGGE_PAYLOAD_KEYS: `k1:${b64(32)},k1:${b64(32)}` }, /^VUGGE_PAYLOAD_KEYS: nøgle-id'et 'k1' står der to gange/],
    [{ VUGGE_PAYLOAD_KEYS: ' , ' }, /^VUGGE_PAYLOAD_KEYS: ingen nøgler fundet/],
    [{ VUGGE_PAYLOAD_KEYS: `k1:${b64(32)}`, VUGGE_PAYLOAD_KEY_FILE: '/x' }, /^VUGGE_PAYLOAD_KEYS og VUGGE_PAYLOAD_KEY_FILE er begge sat/],
    [{ VUGGE_PAYLOAD_KEY_FILE: '/nonexistent/keys' }, /^VUGGE_PAYLOAD_KEY_FILE \('\/nonexistent\/keys'\): filen kan ikke læses/],
  ])('rejects %o with one sentence naming the variable', (env, message) => {
    expect(() => loadTemporalConfig(env)).toThrowError(ConfigError);
    expect(() => loadTemporalConfig(env)).toThrowError(message);
  });

  it('never repeats key material in an error', () => {
    const error = (() => {
      try {
        loadTemporalConfig({ VUGGE_PAYLOAD_KEYS: `k1:${secret}` });
      } catch (err) {
        return err as Error;
      }
    })();
    expect(error?.message).toBeDefined();
    expect(error?.message).not.toContain(secret);
  });

  it('makes the local key file for npm start once, readable by its owner only', () => {
    const dir = tempDir('vugge-data-');
    const first = ensureLocalPayloadKeyFile(dir, new Date('2026-11-02T10:00:00Z'));
    const text = readFileSync(first.path, 'utf8');
    expect(first.created).toBe(true);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(ensureLocalPayloadKeyFile(dir)).toEqual({ path: first.path, created: false });
    expect(readFileSync(first.path, 'utf8')).toBe(text);
    expect(loadTemporalConfig({ VUGGE_PAYLOAD_KEY_FILE: first.path }).payloadKeys).toMatchObject([{ id: 'lokal-2026-11-02' }]);
  });

  it('reads the codec server settings', () => {
    expect(loadCodecServerConfig({})).toEqual({ port: 8888, origins: ['http://localhost:8233', 'http://127.0.0.1:8233'] });
    expect(loadCodecServerConfig({ VUGGE_CODEC_PORT: '9999', VUGGE_UI_ORIGIN: 'http://localhost:8080' })).toEqual({ port: 9999, origins: ['http://localhost:8080'] });
    expect(() => loadCodecServerConfig({ VUGGE_CODEC_PORT: 'otte' })).toThrowError(/^VUGGE_CODEC_PORT \('otte'\): skal være et portnummer 1–65535/);
    expect(() => loadCodecServerConfig({ VUGGE_UI_ORIGIN: '*' })).toThrowError(/^VUGGE_UI_ORIGIN \('\*'\): skal være en eller flere oprindelser/);
  });
});
