/**
 * The local secrets for `npm start` on the embedded dev server, made once on first start: the
 * payload key, so a new user's cases are encrypted in the history from day one, and the codec
 * server's token, which the Web UI sends. The files stay in the git-ignored `.data/` folder with
 * mode 0600; losing the key makes the local cases unreadable.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_BYTES } from '../temporal.codec.js';

export function ensureLocalPayloadKeyFile(dataDir: string, today = new Date()): { path: string; created: boolean } {
  const path = join(dataDir, 'payload-keys');
  if (existsSync(path)) return { path, created: false };
  const id = `lokal-${today.toISOString().slice(0, 10)}`;
  const text = [
    '# Vugges nøgler til data i Temporal-historikken (AES-256-GCM), id:base64, nyeste først.',
    '# Ny nøgle: skriv den øverst og behold de gamle, så ældre sager stadig kan læses (README: Persondata i historikken).',
    `${id}:${randomBytes(KEY_BYTES).toString('base64')}`,
    '',
  ].join('\n');
  writeSecretOnce(path, text);
  return { path, created: true };
}

/** The codec server's token in `.data/codec-token`: made on first start, the same on every start after. */
export function ensureLocalCodecToken(dataDir: string): { path: string; token: string; created: boolean } {
  const path = join(dataDir, 'codec-token');
  if (existsSync(path)) return { path, token: readFileSync(path, 'utf8').trim(), created: false };
  const token = randomBytes(32).toString('base64url');
  writeSecretOnce(path, `${token}\n`);
  return { path, token, created: true };
}

function writeSecretOnce(path: string, text: string): void {
  // 'wx': never overwrite a secret another start wrote meanwhile; the mode is set before any byte lands.
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}
