import { error, redirect } from '@sveltejs/kit';
import type { BoardRules, Visitor } from '$lib/components/board/board-session.svelte';
import { meetingTopicJson } from '$lib/meeting';
import { participantCookieName, validateParticipantToken } from '$lib/server/auth/participant-session';
import { sessionCookieOptions } from '$lib/server/auth/session';
import { loadBoardMeeting, moderatesProcess } from '$lib/server/db/board-page';
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

	let visitor: Visitor | null = null;
	const cookieName = participantCookieName(params.meetingId);
	const token = cookies.get(cookieName);
	if (token && meeting) {
		const session = await validateParticipantToken(sql, token);
		if (session && session.participant.meetingId === meeting.id) {
			const { id, displayName: name, attendance } = session.participant;
			visitor = { role: 'participant', id, name, attendance };
			if (session.renewed) cookies.set(cookieName, token, sessionCookieOptions(url.protocol === 'https:'));
		}
	}
	if (!visitor && locals.moderator) {
		// 404 rather than 403: a moderator learns nothing about other processes' meetings.
		if (!meeting || !(await moderatesProcess(sql, locals.moderator.id, meeting.processId))) {
			error(404, { message: 'Not found', code: 'NOT_FOUND' });
		}
		visitor = { role: 'moderator', id: locals.moderator.id, name: locals.moderator.name, attendance: null };
	}
	if (!visitor || !meeting) redirect(303, '/join');

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
