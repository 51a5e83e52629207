import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { participantCookieName, validateParticipantToken } from '../../src/lib/server/auth/participant-session';
import { AS_PROJECTOR, isProjectorKey, projectorCookieName } from '../../src/lib/server/auth/projector';
import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session';
import type { Sql } from '../../src/lib/server/db/sql';
import type { Phase, Role } from '../../src/lib/protocol/authority';

/** Who is connected to a meeting, as the server knows them (never as the client claims). */
export interface Principal {
	role: Role;
	/** Participant id or moderator id. */
	id: string;
	/** The name shown to others, from the database. */
	name: string;
	attendance: 'on_site' | 'remote' | null;
}

/** The rules of a meeting that commands are checked against; read from PostgreSQL every time. */
export interface MeetingRules {
	id: string;
	processId: string;
	phase: Phase;
	whoMayGroup: 'moderators' | 'everyone';
	anonymousAuthors: boolean;
	notesPrivateUntilReveal: boolean;
	lateNotesAllowed: boolean;
	locked: boolean;
	archived: boolean;
	notesRevealed: boolean;
	votesRevealed: boolean;
	votesPerParticipant: number;
	maxVotesPerItem: number;
	timerEndsAt: Date | null;
	timerRemainingMs: number | null;
	timerAutoAdvance: boolean;
	closedAt: Date | null;
	/** Notes are written privately now: brainstorm in a meeting that keeps notes private until reveal. */
	privateBrainstorm: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isMeetingId(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}

export async function meetingRules(sql: Sql, meetingId: string): Promise<MeetingRules | null> {
	if (!isMeetingId(meetingId)) return null;
	const [row] = await sql<
		(Omit<MeetingRules, 'archived' | 'notesRevealed' | 'votesRevealed' | 'privateBrainstorm'> & {
			archivedAt: Date | null;
			notesRevealedAt: Date | null;
			votesRevealedAt: Date | null;
		})[]
	>`
		select id, process_id, phase, who_may_group, anonymous_authors, notes_private_until_reveal,
		       late_notes_allowed, locked, archived_at, notes_revealed_at, votes_revealed_at,
		       votes_per_participant, max_votes_per_item, timer_ends_at, timer_remaining_ms, timer_auto_advance, closed_at
		from meetings where id = ${meetingId}`;
	if (!row) return null;
	const { archivedAt, notesRevealedAt, votesRevealedAt, ...rules } = row;
	const notesRevealed = notesRevealedAt !== null;
	return {
		...rules,
		archived: archivedAt !== null,
		notesRevealed,
		votesRevealed: votesRevealedAt !== null,
		privateBrainstorm: rules.phase === 'brainstorm' && rules.notesPrivateUntilReveal && !notesRevealed
	};
}

/**
 * Candidate tokens of a request for one meeting, most specific first: an explicit token
 * (`?token=` or socket.io `auth.token`), the participant cookie of this meeting, the moderator cookie.
 * A projector page asks to be the projector (`?as=projector`, socket.io `auth.as`): then only the
 * projector cookie counts, so that in a moderator's browser (a laptop's second screen) it is the
 * projector, and its key never travels in a request line.
 */
export function tokensFor(request: IncomingMessage, meetingId: string, explicit?: unknown, as?: unknown): string[] {
	const query = new URL(request.url ?? '/', 'http://x').searchParams;
	const cookies = parseCookie(request.headers.cookie ?? '');
	const projector = cookies[projectorCookieName(meetingId)];
	if (as === AS_PROJECTOR || query.get('as') === AS_PROJECTOR) return projector ? [projector] : [];
	const tokens: string[] = [];
	if (typeof explicit === 'string') tokens.push(explicit);
	const token = query.get('token');
	if (token) tokens.push(token);
	const participant = cookies[participantCookieName(meetingId)];
	if (participant) tokens.push(participant);
	if (cookies[SESSION_COOKIE]) tokens.push(cookies[SESSION_COOKIE]);
	if (projector) tokens.push(projector);
	return tokens;
}

/** The principal behind the first token that grants access to the meeting, or null. */
export async function authenticateForMeeting(sql: Sql, meetingId: string, tokens: string[]): Promise<Principal | null> {
	for (const token of tokens) {
		const participant = await validateParticipantToken(sql, token);
		if (participant) {
			if (participant.participant.meetingId !== meetingId) continue;
			return {
				role: 'participant',
				id: participant.participant.id,
				name: participant.participant.displayName,
				attendance: participant.participant.attendance
			};
		}
		const moderator = await validateSessionToken(sql, token);
		if (moderator && (await moderatesMeeting(sql, moderator.moderator.id, meetingId))) {
			return { role: 'moderator', id: moderator.moderator.id, name: moderator.moderator.name, attendance: null };
		}
		if (await isProjectorKey(sql, meetingId, token)) return { role: 'projector', id: 'projector', name: 'Projektor', attendance: null };
	}
	return null;
}

async function moderatesMeeting(sql: Sql, moderatorId: string, meetingId: string): Promise<boolean> {
	const rows = await sql`
		select 1 from meetings m
		join process_moderators pm on pm.process_id = m.process_id
		where m.id = ${meetingId} and pm.moderator_id = ${moderatorId}`;
	return rows.length > 0;
}
