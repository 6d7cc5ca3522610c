import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const defaults = { dataDir: '/tmp/bidhall-data' };

describe('environment', () => {
  it('has working defaults for a machine with nothing installed', () => {
    const config = parseConfig({}, defaults);
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, dataDir: defaults.dataDir, bcryptCost: 12 });
    expect(config.accessTokenTtlSeconds).toBeLessThanOrEqual(900);
  });

  it('loads demo data only when asked for, on the command line (npm start) or by DEMO', () => {
    expect(parseConfig({}, defaults).demo).toBe(false);
    expect(parseConfig({ NODE_ENV: 'development' }, defaults).demo).toBe(false);
    expect(parseConfig({}, { ...defaults, demo: true }).demo).toBe(true);
    expect(parseConfig({ DEMO: 'true' }, defaults).demo).toBe(true);
    expect(parseConfig({ DEMO: 'false' }, { ...defaults, demo: true }).demo).toBe(false);
  });

  it('marks cookies Secure unless the server listens on loopback with no TLS proxy in front', () => {
    expect(parseConfig({}, defaults).secureCookies).toBe(false);
    expect(parseConfig({ HOST: '::1' }, defaults).secureCookies).toBe(false);
    expect(parseConfig({ HOST: '0.0.0.0' }, defaults).secureCookies).toBe(true);
    expect(parseConfig({ HOST: '10.1.2.3' }, defaults).secureCookies).toBe(true);
    expect(parseConfig({ TRUST_PROXY: '1' }, defaults).secureCookies).toBe(true);
    expect(parseConfig({ HOST: '0.0.0.0', COOKIE_SECURE: 'false' }, defaults).secureCookies).toBe(false);
  });

  it('names every bad variable at once', () => {
    const error = (() => {
      try {
        parseConfig({ PORT: 'eighty', BCRYPT_COST: '3', DATABASE_URL: 'mysql://x', ACCESS_TOKEN_TTL: '3600', CORS_ORIGINS: 'not a url' }, defaults);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(names.sort()).toEqual(['ACCESS_TOKEN_TTL', 'BCRYPT_COST', 'CORS_ORIGINS.0', 'DATABASE_URL', 'PORT']);
  });

  it('insists on a signing key and no demo data in production', () => {
    const keys = { JWT_SECRET: 'x'.repeat(40), SEAL_KEY: 'k'.repeat(43), RECEIPT_KEY_FILE: '/etc/bidhall/receipt.pem' };
    const problems = (() => {
      try {
        parseConfig({ NODE_ENV: 'production' }, defaults);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    })();
    expect(problems.map((p) => p.split(':')[0])).toEqual(['JWT_SECRET', 'SEAL_KEY', 'RECEIPT_KEY_FILE']);
    expect(() => parseConfig({ NODE_ENV: 'production', ...keys, DEMO: 'true' }, defaults)).toThrow(/DEMO/);
    expect(() => parseConfig({ NODE_ENV: 'production', ...keys }, { ...defaults, demo: true })).toThrow(/DEMO/);
    expect(parseConfig({ NODE_ENV: 'production', ...keys }, defaults).demo).toBe(false);
  });
});
