import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { MAX_NAME_LENGTH, parseNewModerator, type ModeratorFieldProblems } from '$lib/server/auth/moderators';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '$lib/server/auth/password';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/session';
import { checkSetupToken, consumeSetupToken, type SetupTokenProblem } from '$lib/server/auth/setup';
import type { Actions, PageServerLoad } from './$types';

/** An unknown link is 404; a link that did exist but can no longer be used is 410 Gone. */
function linkProblem(code: SetupTokenProblem): never {
	const messages: Record<SetupTokenProblem, () => string> = {
		SETUP_TOKEN_UNKNOWN: m.auth_setup_unknown,
		SETUP_TOKEN_USED: m.auth_setup_used,
		SETUP_TOKEN_EXPIRED: m.auth_setup_expired,
		ALREADY_SET_UP: m.auth_setup_already
	};
	error(code === 'SETUP_TOKEN_UNKNOWN' ? 404 : 410, { message: messages[code](), code });
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const state = await checkSetupToken(locals.services.sql, params.token);
	if (!state.ok) linkProblem(state.code);
	return { minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: MAX_PASSWORD_LENGTH, maxNameLength: MAX_NAME_LENGTH };
};

type SetupFieldProblems = ModeratorFieldProblems & { passwordRepeat?: 'PASSWORD_MISMATCH' };

export const actions: Actions = {
	default: async ({ request, params, locals, cookies, url }) => {
		const form = await request.formData();
		const input = {
			name: String(form.get('name') ?? ''),
			email: String(form.get('email') ?? ''),
			password: String(form.get('password') ?? '')
		};
		const problems: SetupFieldProblems = {};
		const parsed = parseNewModerator(input);
		if (!parsed.ok) Object.assign(problems, parsed.problems);
		if (input.password !== String(form.get('passwordRepeat') ?? '')) problems.passwordRepeat = 'PASSWORD_MISMATCH';
		if (Object.keys(problems).length) return fail(400, { name: input.name, email: input.email, problems });

		const result = await consumeSetupToken(locals.services.sql, params.token, input);
		if (!result.ok) {
			if (result.code === 'VALIDATION') return fail(400, { name: input.name, email: input.email, problems: result.problems });
			linkProblem(result.code);
		}
		cookies.set(SESSION_COOKIE, result.sessionToken, sessionCookieOptions(url.protocol === 'https:'));
		redirect(303, '/processes');
	}
};
