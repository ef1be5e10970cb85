import { resolveOptions, RegularsOptionsError } from './resolve-options.js';
import type { RegularsOptions } from './regulars-options.js';

const valid: RegularsOptions = { tenantSecrets: { demo: 'sixteen-chars-at-least' } };

describe('plugin options', () => {
  it('fills the defaults a restaurant would expect', async () => {
    const config = resolveOptions(valid);
    expect(config).toMatchObject({ holdTtlSeconds: 900, defaultCurrency: 'EUR', timeZone: 'UTC', runMigrations: false, lockWaitTimeoutSeconds: 2 });
    expect(await config.resolveSecrets('demo')).toEqual(['sixteen-chars-at-least']);
    expect(await config.resolveSecrets('unknown')).toEqual([]);
  });

  it.each<[string, Partial<RegularsOptions> | Record<string, unknown>, RegExp]>([
    ['a negative hold TTL', { holdTtlSeconds: -5 }, /"holdTtlSeconds" must be a positive whole number \(got -5\)/],
    ['a fractional hold TTL', { holdTtlSeconds: 1.5 }, /"holdTtlSeconds"/],
    ['an unknown currency', { defaultCurrency: 'EURO' }, /"defaultCurrency" must be an ISO 4217 code/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /"timeZone" must be an IANA time zone .*"Mars\/Olympus"/],
    ['a short secret', { tenantSecrets: { demo: 'short' } }, /"tenantSecrets.demo" must be at least 16 characters/],
    ['no tenants', { tenantSecrets: {} }, /"tenantSecrets" must name at least one tenant/],
    ['a database URL without a database', { database: { url: 'mysql://root@localhost:3306' } }, /"database.url" must look like mysql:/],
    ['a clock without now()', { clock: {} }, /"clock" must be an object with a now\(\) method/],
    ['runMigrations as a string', { runMigrations: 'yes' }, /"runMigrations" must be true or false/],
  ])('refuses %s and names the option', (_, patch, message) => {
    expect(() => resolveOptions({ ...valid, ...patch } as RegularsOptions)).toThrow(RegularsOptionsError);
    expect(() => resolveOptions({ ...valid, ...patch } as RegularsOptions)).toThrow(message);
  });

  it('hides the password of a bad database URL in its message', () => {
    expect(() => resolveOptions({ ...valid, database: { url: 'mysql://app:hunter2@db:3306' } })).toThrow(/app:\*\*\*@db/);
  });

  it('checks secrets a resolver function returns when they are used', async () => {
    const config = resolveOptions({ tenantSecrets: async (tenant) => (tenant === 'demo' ? ['rotated-secret-number-2', 'rotated-secret-number-1'] : undefined) });
    expect(await config.resolveSecrets('demo')).toHaveLength(2);
    expect(await config.resolveSecrets('other')).toEqual([]);
    const weak = resolveOptions({ tenantSecrets: () => 'weak' });
    await expect(weak.resolveSecrets('demo')).rejects.toThrow(/tenantSecrets\(demo\)/);
  });
});
