import { error, json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { resolveMeetingAccess } from '$lib/server/auth/meeting-access';
import { participantCookieName } from '$lib/server/auth/participant-session';
import { projectorCookieName } from '$lib/server/auth/projector';
import { bearerToken } from '$lib/server/auth/session';
import { meetingRepresentation, publicMeetingRepresentation, type RepresentationResponse } from '$lib/server/db/representation';
import type { RequestHandler } from './$types';

/**
 * Who is taking part in the meeting, by attendance, sector and municipality. The meeting's
 * moderators get exact counts (`exact: true`); its participants and its projector get the view
 * over whole batches of 5 joiners with small groups hidden, which no single join changes. Anyone else gets 404, as for a meeting that does not exist.
 */
export const GET: RequestHandler = async ({ params, locals, cookies, request, setHeaders }) => {
	const { sql } = locals.services;
	const notFound: () => never = () => error(404, { message: 'Not found', code: 'NOT_FOUND' });
	const meetingId = params.meetingId;
	// A moderator of the meeting's process first (exact counts), then its participants and its projector.
	const access = await resolveMeetingAccess(sql, meetingId, [
		{ kind: 'moderator', moderator: locals.moderator },
		{ kind: 'participant', token: bearerToken(request.headers.get('authorization')) },
		{ kind: 'participant', token: cookies.get(participantCookieName(meetingId)) },
		{ kind: 'projector', key: cookies.get(projectorCookieName(meetingId)) }
	]);
	if (!access) notFound();
	setHeaders({ 'cache-control': 'private, no-store' });
	const locale = getLocale() === 'en' ? 'en' : 'sv';
	const moderator = access.principal.role === 'moderator';
	let body: RepresentationResponse;
	if (moderator) {
		const representation = await meetingRepresentation(sql, meetingId, locale);
		if (!representation) notFound();
		body = { exact: true, ...representation };
	} else {
		const representation = await publicMeetingRepresentation(sql, meetingId, locale);
		if (!representation) notFound();
		body = { exact: false, ...representation };
	}
	return json(body);
};
