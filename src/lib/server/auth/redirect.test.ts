import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirect';

describe('safeRedirectTarget', () => {
	it('keeps a path on this site with its query', () => {
		expect(safeRedirectTarget('/processes/42?tab=meetings', '/x')).toBe('/processes/42?tab=meetings');
		expect(safeRedirectTarget('/', '/x')).toBe('/');
	});

	it('falls back for missing, absolute and protocol-relative targets', () => {
		for (const target of [null, undefined, '', 'https://evil.example/', '//evil.example/a', '/\\evil.example', 'javascript:alert(1)', 'processes']) {
			expect(safeRedirectTarget(target, '/processes')).toBe('/processes');
		}
	});

	it('falls back for targets with control characters that browsers would strip', () => {
		expect(safeRedirectTarget('/\t/evil.example', '/processes')).toBe('/processes');
		expect(safeRedirectTarget('/\n/evil.example', '/processes')).toBe('/processes');
	});
});
