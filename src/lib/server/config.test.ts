import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('parseConfig', () => {
	it('defaults to port 3000, ./data and the embedded database', () => {
		const config = parseConfig({});
		expect(config.port).toBe(3000);
		expect(config.dataDir.endsWith('/data')).toBe(true);
		expect(config.databaseUrl).toBeUndefined();
		expect(config.origin).toBe('http://localhost:3000');
	});

	it('uses ORIGIN as the public origin without a trailing slash', () => {
		expect(parseConfig({ ORIGIN: 'https://samla.example.se/' }).origin).toBe(
			'https://samla.example.se'
		);
	});

	it('SAMLA_REFERENCE_FILE becomes an absolute path; unset or empty means the bundled lists', () => {
		expect(parseConfig({ SAMLA_REFERENCE_FILE: 'norrbotten.json' }).referenceFile).toMatch(/^\/.*\/norrbotten\.json$/);
		expect(parseConfig({ SAMLA_REFERENCE_FILE: '' }).referenceFile).toBeUndefined();
		expect(parseConfig({}).referenceFile).toBeUndefined();
	});

	it('names every invalid variable in one error', () => {
		expect(() => parseConfig({ PORT: 'abc', ORIGIN: 'not a url' })).toThrow(/PORT[\s\S]*ORIGIN/);
	});

	it('without REDIS_URL there is no fleet; with it DATABASE_URL is required (issue 10)', () => {
		expect(parseConfig({}).redisUrl).toBeUndefined();
		expect(() => parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/DATABASE_URL: is required with REDIS_URL/);
		const fleet = parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://db/samla', INSTANCE_URL: 'http://10.0.0.2:3000/' });
		expect(fleet.redisUrl).toBe('redis://127.0.0.1:6379');
		expect(fleet.instanceUrl).toBe('http://10.0.0.2:3000');
		expect(() => parseConfig({ REDIS_URL: 'http://x' , DATABASE_URL: 'postgres://db/samla'})).toThrow(/REDIS_URL/);
	});

	it('ADDRESS_HEADER names a header; XFF_DEPTH only goes with X-Forwarded-For (issue 10)', () => {
		const behindProxy = parseConfig({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' });
		expect(behindProxy).toMatchObject({ addressHeader: 'x-forwarded-for', xffDepth: 1 });
		expect(() => parseConfig({ ADDRESS_HEADER: 'x-real-ip', XFF_DEPTH: '2' })).toThrow(/XFF_DEPTH/);
		expect(() => parseConfig({ ADDRESS_HEADER: 'not a header' })).toThrow(/ADDRESS_HEADER/);
	});
});
