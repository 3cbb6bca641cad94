/** The CLI finds the key `npm start` made, only on the embedded default and only when none is set. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLocalKey } from '../client/service/temporal-client.js';
import { tempDir } from './helpers/temporal.js';

const keyFile = join(tempDir(), 'payload-keys');
writeFileSync(keyFile, 'lokal:AAAA\n');

describe('withLocalKey', () => {
  it('uses the local key file against the local dev server', () => {
    expect(withLocalKey({}, keyFile).VUGGE_PAYLOAD_KEY_FILE).toBe(keyFile);
    expect(withLocalKey({ TEMPORAL_ADDRESS: '127.0.0.1:7233' }, keyFile).VUGGE_PAYLOAD_KEY_FILE).toBe(keyFile);
  });

  it('leaves configured keys and other clusters alone', () => {
    expect(withLocalKey({ VUGGE_PAYLOAD_KEYS: 'k1:xyz' }, keyFile).VUGGE_PAYLOAD_KEY_FILE).toBeUndefined();
    expect(withLocalKey({ TEMPORAL_ADDRESS: 'temporal.kommune.example:7233' }, keyFile).VUGGE_PAYLOAD_KEY_FILE).toBeUndefined();
  });

  it('does nothing before npm start has made a key', () => {
    expect(withLocalKey({}, join(tempDir(), 'missing'))).toEqual({});
  });
});
