import { redirect } from '@sveltejs/kit';
import { apiError } from '../api/respond';
import type { SessionModerator } from './session';

/**
 * The signed-in moderator of a page load or form action; a browser without a session is sent
 * to /sign-in and comes back here afterwards.
 */
export function requireModerator(locals: App.Locals, url: URL): SessionModerator {
	if (locals.moderator) return locals.moderator;
	redirect(303, `/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The signed-in moderator of an /api/v1 request, or the 401 JSON response to return:
 *
 *     const auth = requireApiModerator(locals);
 *     if (!auth.ok) return auth.response;
 */
export function requireApiModerator(
	locals: App.Locals
): { ok: true; moderator: SessionModerator } | { ok: false; response: Response } {
	if (locals.moderator) return { ok: true, moderator: locals.moderator };
	return { ok: false, response: unauthenticated() };
}

/** 401 UNAUTHENTICATED, with the header that tells a client to send a bearer token. */
export function unauthenticated(): Response {
	return apiError(401, 'UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/sign-in.', {
		'www-authenticate': 'Bearer'
	});
}
