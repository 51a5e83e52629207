import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectTarget } from '$lib/server/auth/redirect';
import { SESSION_COOKIE, invalidateSession, sessionCookieOptions } from '$lib/server/auth/session';
import { signIn, signInInputSchema } from '$lib/server/auth/sign-in';
import { signInClient } from '$lib/server/auth/sign-in-client';
import type { Actions, PageServerLoad } from './$types';

const AFTER_SIGN_IN = '/processes';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.moderator) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), AFTER_SIGN_IN));
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url, locals } = event;
		const form = await request.formData();
		const email = String(form.get('email') ?? '');
		const password = String(form.get('password') ?? '');
		if (!email.trim() || !password) return fail(400, { email, error: 'missing' as const });

		const input = signInInputSchema.safeParse({ email, password });
		if (!input.success) return fail(401, { email, error: 'invalid_credentials' as const });
		const result = await signIn(locals.services.sql, input.data.email, input.data.password, signInClient(event));
		if (!result.ok) {
			switch (result.code) {
				case 'RATE_LIMITED':
					return fail(429, { email, error: 'rate_limited' as const, retryAfterSeconds: result.retryAfterSeconds });
				case 'INVALID_CREDENTIALS':
					return fail(401, { email, error: 'invalid_credentials' as const });
			}
		}

		// Signing in again replaces the session this browser had.
		if (locals.sessionId) await invalidateSession(locals.services.sql, locals.sessionId);
		cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url.protocol === 'https:'));
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo'), AFTER_SIGN_IN));
	}
};
