/** temporal.config.ts: defaults for the embedded dev server, and one sentence per bad variable. */
import { describe, expect, it } from 'vitest';
import { ConfigError, connectionOptions, loadTemporalConfig } from '../temporal.config.js';

describe('loadTemporalConfig', () => {
  it('defaults to the local dev server', () => {
    expect(loadTemporalConfig({})).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'vugge-cases', tls: undefined, apiKey: undefined, acceptPlainPayloads: false });
  });

  it('reads a Temporal Cloud setup: address, namespace and API key switch on TLS', () => {
    const config = loadTemporalConfig({ TEMPORAL_ADDRESS: 'eu-west-1.aws.api.example.org:7233', TEMPORAL_NAMESPACE: 'kommune.abc12', TEMPORAL_API_KEY: 'k3y' });
    expect(config.tls).toBeDefined();
    expect(connectionOptions(config)).toMatchObject({ address: 'eu-west-1.aws.api.example.org:7233', apiKey: 'k3y', tls: {} });
  });

  it.each([
    [{ TEMPORAL_ADDRESS: 'localhost' }, /^TEMPORAL_ADDRESS \('localhost'\): skal være vært:port/],
    [{ TEMPORAL_NAMESPACE: 'mit namespace' }, /^TEMPORAL_NAMESPACE \('mit namespace'\): må kun indeholde/],
    [{ TEMPORAL_TLS_CERT_PATH: '/etc/vugge/client.pem' }, /^TEMPORAL_TLS_KEY_PATH: mTLS kræver både/],
  ])('rejects %o with a sentence naming the variable', (env, message) => {
    expect(() => loadTemporalConfig(env)).toThrowError(ConfigError);
    expect(() => loadTemporalConfig(env)).toThrowError(message);
  });

  it('names the variable whose PEM file cannot be read', () => {
    const config = loadTemporalConfig({ TEMPORAL_TLS_CERT_PATH: '/nonexistent/c.pem', TEMPORAL_TLS_KEY_PATH: '/nonexistent/k.pem' });
    expect(() => connectionOptions(config)).toThrowError(/^TEMPORAL_TLS_CERT_PATH \('\/nonexistent\/c.pem'\): filen kan ikke læses/);
  });

  it('treats empty variables as unset', () => {
    expect(loadTemporalConfig({ TEMPORAL_API_KEY: '', TEMPORAL_ADDRESS: '' }).address).toBe('127.0.0.1:7233');
  });
});
