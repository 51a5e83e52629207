import type { Cookies } from '@sveltejs/kit';
import { resolveMeetingAccess, type Principal } from './auth/meeting-access';
import { participantCookieName } from './auth/participant-session';
import { sessionCookieOptions } from './auth/session';
import type { JoinAttemptSource } from './db/join-attempts';
import type { JoinableMeeting } from './db/join';
import type { Sql } from './db/sql';
import { lookUpJoinCode } from './join-lookup';

export type MeetingToJoin =
	| { ok: true; meeting: JoinableMeeting }
	| { ok: false; code: 'CODE_FORMAT' | 'NOT_FOUND' }
	| { ok: false; code: 'MEETING_CLOSED'; meeting: JoinableMeeting }
	| { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

/**
 * The meeting a participant may join with this code. The code goes through the shared guess
 * throttle: a well-formed code that leads nowhere (or to an archived meeting) counts as a wrong
 * guess, a meeting's code does not. A closed meeting takes no new participants.
 */
export async function meetingToJoin(sql: Sql, source: JoinAttemptSource, code: unknown): Promise<MeetingToJoin> {
	if (typeof code !== 'string') return { ok: false, code: 'CODE_FORMAT' };
	const lookup = await lookUpJoinCode(sql, source, code);
	if (!lookup.ok) {
		switch (lookup.reason) {
			case 'empty':
			case 'format':
				return { ok: false, code: 'CODE_FORMAT' };
			case 'not_found':
				return { ok: false, code: 'NOT_FOUND' };
			case 'throttled':
				return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: lookup.retryAfterSeconds };
		}
	}
	if (lookup.meeting.phase === 'closed') return { ok: false, code: 'MEETING_CLOSED', meeting: lookup.meeting };
	return { ok: true, meeting: lookup.meeting };
}

/** A participant of a meeting as their cookie proves them: who (resolveMeetingAccess), and the session. */
export interface CurrentParticipant {
	principal: Principal & { role: 'participant' };
	sessionId: string;
}

/**
 * The participant this browser already is in the meeting (from the meeting's participant
 * cookie, judged by resolveMeetingAccess like every way into a meeting), or null. A cookie that
 * no longer stands for a participant of this meeting (expired, ended, removed by a moderator) is
 * deleted; a renewed one is sent again.
 */
export async function currentParticipant(sql: Sql, cookies: Cookies, meetingId: string, secure: boolean): Promise<CurrentParticipant | null> {
	const name = participantCookieName(meetingId);
	const token = cookies.get(name);
	if (!token) return null;
	const access = await resolveMeetingAccess(sql, meetingId, [{ kind: 'participant', token }]);
	if (!access || access.principal.role !== 'participant' || !access.participantSessionId) {
		cookies.delete(name, { path: '/' });
		return null;
	}
	if (access.renewed) cookies.set(name, token, sessionCookieOptions(secure));
	return { principal: { ...access.principal, role: 'participant' }, sessionId: access.participantSessionId };
}
