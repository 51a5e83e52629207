import { json, type RequestHandler } from '@sveltejs/kit';
import { apiError, readJson } from '$lib/server/api/respond';
import { INACTIVITY_TIMEOUT_MS } from '$lib/server/auth/session';
import { signIn, signInInputSchema } from '$lib/server/auth/sign-in';
import { signInClient } from '$lib/server/auth/sign-in-client';

/** Sign-in for scripts and non-browser clients: returns a bearer token. */
export const POST: RequestHandler = async (event) => {
	const { request, locals } = event;
	const body = await readJson(request, signInInputSchema);
	if (!body.ok) return body.response;
	const result = await signIn(locals.services.sql, body.data.email, body.data.password, signInClient(event));
	if (!result.ok) {
		switch (result.code) {
			case 'RATE_LIMITED':
				return apiError(
					429,
					'RATE_LIMITED',
					`Too many failed sign-ins for this account from this client. Try again in ${result.retryAfterSeconds} seconds.`,
					{ 'retry-after': String(result.retryAfterSeconds) }
				);
			case 'INVALID_CREDENTIALS':
				return apiError(401, 'INVALID_CREDENTIALS', 'The e-mail address or the password is not correct.');
		}
	}
	return json(
		{
			token: result.token,
			moderator: result.moderator,
			expiresAfterInactivitySeconds: INACTIVITY_TIMEOUT_MS / 1000
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
