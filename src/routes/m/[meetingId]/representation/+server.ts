import { error, json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { participantCookieName, validateParticipantToken } from '$lib/server/auth/participant-session';
import { isProjectorKey, projectorCookieName } from '$lib/server/auth/projector';
import { bearerToken } from '$lib/server/auth/session';
import { loadBoardMeeting, moderatesProcess } from '$lib/server/db/board-page';
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
	const meeting = await loadBoardMeeting(sql, params.meetingId);
	if (!meeting) notFound();
	setHeaders({ 'cache-control': 'private, no-store' });
	const locale = getLocale() === 'en' ? 'en' : 'sv';

	const meetingId = meeting.id;
	const moderator = locals.moderator && (await moderatesProcess(sql, locals.moderator.id, meeting.processId));
	if (!moderator && !(await isParticipantOrProjector())) notFound();
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

	async function isParticipantOrProjector(): Promise<boolean> {
		const tokens = [bearerToken(request.headers.get('authorization')), cookies.get(participantCookieName(meetingId))];
		for (const token of tokens) {
			const session = token ? await validateParticipantToken(sql, token) : null;
			if (session?.participant.meetingId === meetingId) return true;
		}
		const key = cookies.get(projectorCookieName(meetingId));
		return !!key && (await isProjectorKey(sql, meetingId, key));
	}
};
