import type { RequestHandler } from '@sveltejs/kit';
import { unauthenticated } from '$lib/server/auth/guard';
import { invalidateSession } from '$lib/server/auth/session';

/** Ends the session whose token authenticated this request. */
export const POST: RequestHandler = async ({ locals }) => {
	if (!locals.sessionId) return unauthenticated();
	await invalidateSession(locals.services.sql, locals.sessionId);
	return new Response(null, { status: 204 });
};
