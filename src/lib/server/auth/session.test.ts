import { describe, expect, it } from 'vitest';
import { bearerToken, sessionCookieOptions } from './session';

describe('sessionCookieOptions', () => {
	it('is HttpOnly, SameSite=Lax, for the whole site, and Secure over https', () => {
		expect(sessionCookieOptions(true)).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', secure: true });
	});

	it('is not Secure over plain http (a local server without TLS)', () => {
		expect(sessionCookieOptions(false).secure).toBe(false);
	});

	it('lasts as long as the inactivity timeout of ten days', () => {
		expect(sessionCookieOptions(true).maxAge).toBe(10 * 24 * 60 * 60);
	});
});

describe('bearerToken', () => {
	it('reads the token of an Authorization: Bearer header', () => {
		expect(bearerToken('Bearer abc.def')).toBe('abc.def');
	});

	it('ignores other schemes and odd characters', () => {
		expect(bearerToken('Basic abc')).toBeNull();
		expect(bearerToken('Bearer a b')).toBeNull();
		expect(bearerToken(null)).toBeNull();
	});
});
