import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const defaults = { dataDir: '/tmp/bidhall-data' };

describe('environment', () => {
  it('has working defaults for a machine with nothing installed', () => {
    const config = parseConfig({}, defaults);
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: defaults.dataDir, bcryptCost: 12, demo: true });
    expect(config.accessTokenTtlSeconds).toBeLessThanOrEqual(900);
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
    expect(() => parseConfig({ NODE_ENV: 'production' }, defaults)).toThrow(/JWT_SECRET/);
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DEMO: 'true' }, defaults)).toThrow(/DEMO/);
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, defaults).demo).toBe(false);
  });
});
