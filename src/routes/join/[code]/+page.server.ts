import { error, redirect } from '@sveltejs/kit';
import { isJoinCode, normaliseJoinCode } from '$lib/join-code';
import { m } from '$lib/paraglide/messages';
import { lookUpJoinCode } from '$lib/server/join-lookup';
import { joinAttemptSource } from '$lib/server/join-source';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const code = normaliseJoinCode(event.params.code);
	// One address per meeting: /join/abc-def-ghj and /join/ABC%20DEF%20GHJ lead to /join/ABCDEFGHJ.
	if (code !== event.params.code && isJoinCode(code)) redirect(308, `/join/${code}`);

	const result = await lookUpJoinCode(event.locals.services.sql, joinAttemptSource(event), event.params.code);
	if (!result.ok) {
		// The message is for logs and scripts; +error.svelte shows the form with its own text.
		switch (result.reason) {
			case 'empty':
			case 'format':
				return error(400, { message: m.pages_join_error_format(), code: 'format' });
			case 'not_found':
				return error(404, { message: m.pages_join_error_not_found({ code: event.params.code }), code: 'not_found' });
			case 'throttled':
				event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
				return error(429, {
					message: m.pages_join_error_throttled({ minutes: Math.ceil(result.retryAfterSeconds / 60) }),
					code: 'throttled',
					retryAfterSeconds: result.retryAfterSeconds
				});
		}
	}
	const { meeting } = result;
	return {
		code: result.code,
		meeting: {
			themeTitle: meeting.themeTitle,
			processTitle: meeting.processTitle,
			startsAt: meeting.startsAt?.toISOString() ?? null,
			location: meeting.location,
			remoteOnly: meeting.remoteOnly,
			closed: meeting.phase === 'closed'
		}
	};
};
