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
});
