/**
 * Encrypts every payload Vugge writes to Temporal (case inputs, events, query results, activity
 * inputs), so nothing personal is readable in the workflow history without the key.
 *
 * AES-256-GCM with a random 12-byte IV per payload. The whole original payload (its metadata and
 * data) is encrypted, so even the encoding of a value is hidden. The key id travels in the clear in
 * `encryption-key-id`, so keys can be rotated: the first key encrypts, every listed key decrypts.
 *
 * The worker's codec refuses what arrives unencrypted (`refusePlain`): a plain payload becomes an
 * empty one of encoding `binary/unencrypted-refused`, which the payload converter
 * (temporal.payload-converter.cjs) will not read. So an update or signal sent past Vugge is
 * rejected before its validator runs, without failing the workflow task that carries it, while
 * payloads nobody reads (and search attributes, which never pass through a codec) change nothing.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

/**
 * The Payload message's protobuf codec, loaded on the first payload: @temporalio/proto is large, and
 * the commands that only read Vugge's own database load this file for its configuration errors.
 * (It is CommonJS: Node's ESM loader sees only its default export.)
 */
type PayloadMessage = typeof import('@temporalio/proto').temporal.api.common.v1.Payload;
let payloadMessage: Promise<PayloadMessage> | undefined;
const loadPayloadMessage = () => (payloadMessage ??= import('@temporalio/proto').then((m) => m.default.temporal.api.common.v1.Payload));

export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** What a refused plain payload becomes; the same string as in temporal.payload-converter.cjs. */
export const REFUSED_ENCODING = 'binary/unencrypted-refused';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export interface PayloadKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** What a process without keys says when it meets an encrypted payload (the SDK's own message is "Unknown encoding"). */
export const NO_KEYS_SENTENCE =
  'Sagens data er krypteret, men der er ingen nøgle; sæt VUGGE_PAYLOAD_KEYS eller VUGGE_PAYLOAD_KEY_FILE (efter npm start: .data/payload-keys). / ' +
  'The case data is encrypted but no key is configured: set VUGGE_PAYLOAD_KEYS or VUGGE_PAYLOAD_KEY_FILE.';

export function isMissingKeyError(err: unknown): boolean {
  return err instanceof Error && err.message === `Unknown encoding: ${ENCRYPTED_ENCODING}`;
}

export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

export interface CodecOptions {
  /**
   * Refuse payloads that arrive unencrypted (the worker's setting). Off, they pass as they are:
   * clients reading histories written before encryption was switched on.
   */
  refusePlain?: boolean;
}

export class EncryptionCodec implements PayloadCodec {
  readonly #encryptWith: PayloadKey;
  readonly #byId: Map<string, Buffer>;
  readonly #refusePlain: boolean;

  /** `keys[0]` encrypts; all of them decrypt. */
  constructor(keys: readonly PayloadKey[], options: CodecOptions = {}) {
    this.#refusePlain = options.refusePlain ?? false;
    const [first] = keys;
    if (!first) throw new Error('EncryptionCodec needs at least one key.');
    for (const k of keys) {
      if (k.key.length !== KEY_BYTES) throw new Error(`Key '${k.id}' is ${k.key.length} bytes; AES-256 needs ${KEY_BYTES}.`);
    }
    this.#encryptWith = first;
    this.#byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const message = await loadPayloadMessage();
    return payloads.map((payload) => this.#encrypt(message, payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    const message = await loadPayloadMessage();
    return payloads.map((payload) => this.#decrypt(message, payload));
  }

  #encrypt(message: PayloadMessage, payload: Payload): Payload {
    const { id, key } = this.#encryptWith;
    const plain = message.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated, so a payload cannot be relabelled to another key unnoticed.
    cipher.setAAD(utf8.encode(id));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(id) },
      data: Buffer.concat([iv, body, cipher.getAuthTag()]),
    };
  }

  #decrypt(message: PayloadMessage, payload: Payload): Payload {
    if (textOf(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) {
      if (!this.#refusePlain) return payload;
      return { metadata: { encoding: utf8.encode(REFUSED_ENCODING) }, data: new Uint8Array() };
    }
    const id = textOf(payload.metadata?.[KEY_ID_METADATA]) ?? '';
    const key = this.#byId.get(id);
    if (!key) {
      throw new PayloadDecryptionError(
        `Data i historikken er krypteret med nøglen '${id}', som ikke er konfigureret; tilføj den (efter den nyeste nøgle) i VUGGE_PAYLOAD_KEYS eller VUGGE_PAYLOAD_KEY_FILE. / ` +
          `A payload is encrypted with key '${id}', which is not configured: add it (after the newest key) to VUGGE_PAYLOAD_KEYS or VUGGE_PAYLOAD_KEY_FILE.`,
      );
    }
    const data = payload.data ?? new Uint8Array();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(utf8.encode(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return message.decode(plain);
    } catch {
      throw new PayloadDecryptionError(
        `Data i historikken kan ikke dekrypteres med nøglen '${id}': den er ændret, eller nøglen med dette id er en anden end den, der krypterede. / ` +
          `A payload cannot be decrypted with key '${id}': it was altered, or the key with this id is not the one that encrypted it.`,
      );
    }
  }
}

function textOf(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes ? fromUtf8.decode(bytes) : undefined;
}
