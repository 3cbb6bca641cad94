/**
 * The local payload key for `npm start` on the embedded dev server: made once, on first start, so a
 * new user's cases are encrypted in the history from day one. The file stays in the git-ignored
 * `.data/` folder with mode 0600; losing it makes the local cases unreadable.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
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
  // 'wx': never overwrite a key another start wrote meanwhile; the mode is set before any byte lands.
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { path, created: true };
}
