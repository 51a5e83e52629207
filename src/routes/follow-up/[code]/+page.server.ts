import { error, redirect } from '@sveltejs/kit';
import { isJoinCode, normaliseJoinCode } from '$lib/join-code';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadFollowUpPage } from '$lib/server/follow-up/page';
import { lookUpJoinCode } from '$lib/server/join-lookup';
import { joinAttemptSource } from '$lib/server/join-source';
import { currentParticipant } from '$lib/server/participants';
import type { PageServerLoad } from './$types';

// The public follow-up page of a closed meeting, at the address its join link leads to once it
// is closed. No account and no JavaScript: rendered on the server only.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const code = normaliseJoinCode(event.params.code);
	if (code !== event.params.code && isJoinCode(code)) redirect(308, `/follow-up/${code}`);
	const { sql } = event.locals.services;
	// The same guess throttle as joining: a follow-up address is a join code.
	const found = await lookUpJoinCode(sql, joinAttemptSource(event), event.params.code);
	if (!found.ok) {
		if (found.reason === 'throttled') {
			event.setHeaders({ 'retry-after': String(found.retryAfterSeconds) });
			error(429, { message: m.pages_join_error_throttled({ minutes: Math.ceil(found.retryAfterSeconds / 60) }), code: 'throttled' });
		}
		error(404, { message: m.fu_page_not_found(), code: 'not_found' });
	}
	if (found.meeting.phase !== 'closed') redirect(303, `/join/${found.code}`);
	const session = await currentParticipant(sql, event.cookies, found.meeting.id, event.url.protocol === 'https:');
	const page = await loadFollowUpPage(sql, found.meeting.id, getLocale() === 'en' ? 'en' : 'sv', session?.principal.id ?? null);
	if (!page) error(404, { message: m.fu_page_not_found(), code: 'not_found' });
	// Whose ideas are highlighted depends on this browser's cookie: never from a shared cache.
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return { page, participant: session !== null };
};
