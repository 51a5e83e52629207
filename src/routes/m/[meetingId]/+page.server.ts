import { error, redirect } from '@sveltejs/kit';
import type { BoardRules, Visitor } from '$lib/components/board/board-session.svelte';
import { meetingTopicJson } from '$lib/meeting';
import { resolveMeetingAccess } from '$lib/server/auth/meeting-access';
import { participantCookieName } from '$lib/server/auth/participant-session';
import { sessionCookieOptions } from '$lib/server/auth/session';
import { loadBoardMeeting } from '$lib/server/db/board-page';
import type { PageServerLoad } from './$types';

/**
 * The live board of one meeting. Who may see it: a participant of this meeting (their cookie for
 * it), or a moderator of the meeting's process. The realtime server checks the same again on
 * every connection; this only decides what page to send.
 */
export const load: PageServerLoad = async ({ params, cookies, locals, url, setHeaders }) => {
	const { sql } = locals.services;
	const meeting = await loadBoardMeeting(sql, params.meetingId);
	setHeaders({ 'cache-control': 'private, no-store' });

	const cookieName = participantCookieName(params.meetingId);
	const token = cookies.get(cookieName);
	const access = meeting
		? await resolveMeetingAccess(sql, meeting.id, [
				{ kind: 'participant', token },
				{ kind: 'moderator', moderator: locals.moderator }
			])
		: null;
	const visitor: Visitor | null = access && access.principal.role !== 'projector' ? { ...access.principal, role: access.principal.role } : null;
	if (!visitor || !meeting) {
		// 404 rather than 403: a moderator learns nothing about other processes' meetings.
		if (locals.moderator) error(404, { message: 'Not found', code: 'NOT_FOUND' });
		redirect(303, '/join');
	}
	if (access?.renewed && token) cookies.set(cookieName, token, sessionCookieOptions(url.protocol === 'https:'));

	return {
		visitor,
		meeting: {
			id: meeting.id,
			processId: meeting.processId,
			processTitle: meeting.processTitle,
			...meetingTopicJson(meeting),
			archived: meeting.archived,
			state: {
				phase: meeting.phase,
				whoMayGroup: meeting.whoMayGroup,
				anonymousAuthors: meeting.anonymousAuthors,
				lateNotesAllowed: meeting.lateNotesAllowed,
				locked: meeting.locked,
				privateBrainstorm: meeting.phase === 'brainstorm' && meeting.notesPrivateUntilReveal && !meeting.notesRevealed
			} satisfies BoardRules
		}
	};
};
