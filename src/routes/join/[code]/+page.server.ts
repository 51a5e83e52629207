import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { isJoinCode, normaliseJoinCode } from '$lib/join-code';
import { m } from '$lib/paraglide/messages';
import { askedSegmentsOnly, checkParticipantDetails, participantFormValues } from '$lib/participant-join';
import { participantCookieName } from '$lib/server/auth/participant-session';
import { sessionCookieOptions } from '$lib/server/auth/session';
import type { JoinLookup } from '$lib/server/join-lookup';
import { lookUpJoinCode } from '$lib/server/join-lookup';
import { joinAttemptSource } from '$lib/server/join-source';
import { endParticipantSession, insertParticipantWithSession } from '$lib/server/db/participants';
import { currentParticipant, meetingToJoin } from '$lib/server/participants';
import type { Actions, PageServerLoad } from './$types';

type Failed = Exclude<JoinLookup, { ok: true }>['reason'];

/**
 * A code that leads nowhere. The message is for logs and scripts; +error.svelte shows the code
 * form again with its own text for the reason.
 */
function codeError(event: RequestEvent, reason: Failed, retryAfterSeconds = 0): never {
	switch (reason) {
		case 'empty':
		case 'format':
			return error(400, { message: m.pages_join_error_format(), code: 'format' });
		case 'not_found':
			return error(404, { message: m.pages_join_error_not_found({ code: event.params.code ?? '' }), code: 'not_found' });
		case 'throttled':
			event.setHeaders({ 'retry-after': String(retryAfterSeconds) });
			return error(429, {
				message: m.pages_join_error_throttled({ minutes: Math.ceil(retryAfterSeconds / 60) }),
				code: 'throttled',
				retryAfterSeconds
			});
	}
}

const secure = (event: RequestEvent) => event.url.protocol === 'https:';

export const load: PageServerLoad = async (event) => {
	const code = normaliseJoinCode(event.params.code);
	// One address per meeting: /join/abc-def-ghj and /join/ABC%20DEF%20GHJ lead to /join/ABCDEFGHJ.
	if (code !== event.params.code && isJoinCode(code)) redirect(308, `/join/${code}`);

	const { sql } = event.locals.services;
	const result = await lookUpJoinCode(sql, joinAttemptSource(event), event.params.code);
	if (!result.ok) codeError(event, result.reason, 'retryAfterSeconds' in result ? result.retryAfterSeconds : 0);

	const { meeting } = result;
	// After the close, the join link and QR code lead to the meeting's public follow-up.
	if (meeting.phase === 'closed') redirect(303, `/follow-up/${result.code}`);
	const closed = false;
	const session = closed ? null : await currentParticipant(sql, event.cookies, meeting.id, secure(event));
	return {
		code: result.code,
		meeting: {
			id: meeting.id,
			themeTitle: meeting.themeTitle,
			processTitle: meeting.processTitle,
			startsAt: meeting.startsAt?.toISOString() ?? null,
			location: meeting.location,
			remoteOnly: meeting.remoteOnly,
			closed
		},
		participant: session ? { displayName: session.principal.name } : null
	};
};

export const actions: Actions = {
	join: async (event) => {
		const { sql } = event.locals.services;
		const values = participantFormValues(await event.request.formData());
		const found = await meetingToJoin(sql, joinAttemptSource(event), event.params.code);
		if (!found.ok) {
			switch (found.code) {
				case 'MEETING_CLOSED':
					return fail(409, { values, closed: true as const });
				case 'CODE_FORMAT':
					return codeError(event, 'format');
				case 'NOT_FOUND':
					return codeError(event, 'not_found');
				case 'RATE_LIMITED':
					return codeError(event, 'throttled', found.retryAfterSeconds);
			}
		}
		const { meeting } = found;
		// Already in this meeting from this browser (a second submit, the back button): stay that participant.
		if (await currentParticipant(sql, event.cookies, meeting.id, secure(event))) redirect(303, `/m/${meeting.id}`);

		// The first step asks only what is required; the optional details come on the second, skippable step.
		const checked = checkParticipantDetails(values);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });
		const joined = await insertParticipantWithSession(sql, meeting.id, askedSegmentsOnly(checked.details, []));
		if (!joined.ok) return fail(400, { values, problems: joined.problems });
		event.cookies.set(participantCookieName(meeting.id), joined.token, sessionCookieOptions(secure(event)));
		redirect(303, `/join/${normaliseJoinCode(event.params.code)}/details`);
	},

	/** "Join as someone else": ends this browser's session in the meeting; the form is shown again. */
	leave: async (event) => {
		const { sql } = event.locals.services;
		const result = await lookUpJoinCode(sql, joinAttemptSource(event), event.params.code);
		if (!result.ok) codeError(event, result.reason, 'retryAfterSeconds' in result ? result.retryAfterSeconds : 0);
		const session = await currentParticipant(sql, event.cookies, result.meeting.id, secure(event));
		if (session) {
			await endParticipantSession(sql, session.sessionId);
			event.cookies.delete(participantCookieName(result.meeting.id), { path: '/' });
		}
		return { left: session?.principal.name ?? null };
	}
};
