import { randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

/** An anonymous, random id per browser: it only tells one browser from another. */
export const CLIENT_COOKIE = 'samla_client';

const VALID = /^[A-Za-z0-9_-]{32,64}$/;

/** This browser's samla_client id, set now (for about a year) if it has none or a malformed one. */
export function clientId(cookies: Cookies, secure: boolean): string {
	const existing = cookies.get(CLIENT_COOKIE);
	if (existing && VALID.test(existing)) return existing;
	const id = randomBytes(24).toString('base64url');
	cookies.set(CLIENT_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 60 * 60 * 24 * 400 });
	return id;
}
