import { redirect, type RequestHandler } from '@sveltejs/kit';
import { SESSION_COOKIE, invalidateSession } from '$lib/server/auth/session';

/** The header's sign-out form: ends the session in the database and removes the cookie. */
export const POST: RequestHandler = async ({ locals, cookies }) => {
	if (locals.sessionId) await invalidateSession(locals.services.sql, locals.sessionId);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/');
};

/** Signing out changes state, so a link (GET) does nothing but lead home. */
export const GET: RequestHandler = () => redirect(303, '/');
