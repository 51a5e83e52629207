import { fail, redirect } from '@sveltejs/kit';
import { lookUpJoinCode } from '$lib/server/join-lookup';
import { joinAttemptSource } from '$lib/server/join-source';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	// A link or QR code may carry the code as /join?code=…; the meeting's own page is /join/<CODE>.
	const code = event.url.searchParams.get('code');
	if (code !== null) redirect(303, `/join/${encodeURIComponent(code.trim() || '-')}`);
	joinAttemptSource(event); // gives the browser its samla_client id before the first try
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const code = String((await event.request.formData()).get('code') ?? '');
		const result = await lookUpJoinCode(event.locals.services.sql, joinAttemptSource(event), code);
		if (result.ok) redirect(303, `/join/${result.code}`);
		switch (result.reason) {
			case 'empty':
			case 'format':
				return fail(400, { code, problem: { reason: result.reason } });
			case 'not_found':
				return fail(404, { code, problem: { reason: result.reason, code: code.trim() } });
			case 'throttled':
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
				return fail(429, { code, problem: { reason: result.reason, retryAfterSeconds: result.retryAfterSeconds } });
		}
	}
};
